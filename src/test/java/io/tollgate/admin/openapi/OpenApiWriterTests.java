package io.tollgate.admin.openapi;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Deployment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static io.tollgate.admin.openapi.TestDefinitions.API_ID;
import static io.tollgate.admin.openapi.TestDefinitions.read;
import static io.tollgate.admin.openapi.TestDefinitions.readContent;
import static org.assertj.core.api.Assertions.assertThat;

class OpenApiWriterTests {

	@Nested
	class OpenApi3 {

		@Test
		void exportIsServedAtTheStagesInvokeUrl() {
			JsonNode document = export("petstore.yaml", "oas30", null);
			assertThat(document.path("openapi").asString()).isEqualTo("3.0.1");
			assertThat(document.at("/info/title").asString()).isEqualTo("PetStore");
			assertThat(document.at("/servers/0/url").asString())
				.isEqualTo("https://testapi123.execute-api.eu-west-1.amazonaws.com/{basePath}");
			assertThat(document.at("/servers/0/variables/basePath/default").asString()).isEqualTo("prod");
		}

		@Test
		void exportWithoutExtensionsHasNoneOfApiGateways() {
			JsonNode document = export("secured.yaml", "oas30", null);
			assertThat(document.toString()).doesNotContain("x-amazon-apigateway");
			assertThat(document.at("/paths/~1token/get/security/0").propertyNames())
				.containsExactlyInAnyOrder("api_key", "token-authorizer");
			assertThat(document.at("/components/securitySchemes/api_key/name").asString()).isEqualTo("x-api-key");
		}

		@Test
		void exportWithIntegrationsHasOnlyThem() {
			JsonNode document = export("petstore.yaml", "oas30", "integrations");
			JsonNode integration = document.at("/paths/~1pets/post/x-amazon-apigateway-integration");
			assertThat(integration.path("type").asString()).isEqualTo("mock");
			assertThat(integration.path("passthroughBehavior").asString()).isEqualTo("when_no_templates");
			assertThat(integration.at("/responses/4\\d{2}/statusCode").asString()).isEqualTo("400");
			assertThat(integration.at("/responses/default/statusCode").asString()).isEqualTo("200");
			assertThat(document.at("/paths/~1store~1{proxy+}/x-amazon-apigateway-any-method").isObject()).isTrue();
			assertThat(document.at("/components/schemas/Pets/items/$ref").asString())
				.isEqualTo("#/components/schemas/Pet");
			assertThat(document.has("x-amazon-apigateway-api-key-source")).isFalse();
		}

		@Test
		void exportWithApiGatewayHasEveryExtension() {
			JsonNode document = export("secured.yaml", "oas30", "apigateway");
			assertThat(document.at("/components/securitySchemes/token-authorizer/x-amazon-apigateway-authorizer/type")
				.asString()).isEqualTo("token");
			assertThat(document.at("/components/securitySchemes/sigv4/x-amazon-apigateway-authtype").asString())
				.isEqualTo("awsSigv4");
			assertThat(document.at("/paths/~1token/get/x-amazon-apigateway-request-validator").asString())
				.isEqualTo("all");
			assertThat(document.at("/x-amazon-apigateway-request-validators/params-only/validateRequestBody")
				.asBoolean()).isFalse();
			assertThat(document.at("/x-amazon-apigateway-gateway-responses/UNAUTHORIZED/statusCode").asString())
				.isEqualTo("401");
			assertThat(document.at("/x-amazon-apigateway-policy/Statement/0/Action").asString())
				.isEqualTo("execute-api:Invoke");
			assertThat(document.at("/x-amazon-apigateway-api-key-source").asString()).isEqualTo("AUTHORIZER");
			assertThat(document.at("/servers/0/x-amazon-apigateway-endpoint-configuration/vpcEndpointIds/0")
				.asString()).isEqualTo("vpce-0123456789abcdef0");
		}

		@Test
		void authorizersAloneBringTheirExtensionsButNoIntegrations() {
			JsonNode document = export("secured.yaml", "oas30", "authorizers");
			assertThat(document.at("/components/securitySchemes/cognito/x-amazon-apigateway-authorizer/providerARNs/0")
				.asString()).endsWith("userpool/us-east-1_abc123");
			assertThat(document.toString()).doesNotContain("x-amazon-apigateway-integration");
		}

	}

	@Nested
	class Swagger2 {

		@Test
		void exportHasHostBasePathAndDefinitions() {
			JsonNode document = export("petstore.yaml", "swagger", "integrations");
			assertThat(document.path("swagger").asString()).isEqualTo("2.0");
			assertThat(document.path("host").asString()).isEqualTo("testapi123.execute-api.eu-west-1.amazonaws.com");
			assertThat(document.path("basePath").asString()).isEqualTo("/prod");
			assertThat(document.at("/definitions/Pets/items/$ref").asString()).isEqualTo("#/definitions/Pet");
			JsonNode create = document.at("/paths/~1pets/post");
			assertThat(create.at("/consumes/0").asString()).isEqualTo("application/json");
			assertThat(create.at("/parameters/0/in").asString()).isEqualTo("body");
			assertThat(create.at("/parameters/0/schema/$ref").asString()).isEqualTo("#/definitions/NewPet");
			assertThat(document.at("/paths/~1pets/get/parameters/0/type").asString()).isEqualTo("string");
		}

	}

	@Nested
	class RoundTrip {

		@Test
		void petStoreExportedAsOpenApi3ImportsToTheSameResources() {
			assertRoundTrip("petstore.yaml", "oas30", "integrations");
		}

		@Test
		void petStoreExportedAsSwaggerImportsToTheSameResources() {
			assertRoundTrip("petstore.yaml", "swagger", "integrations");
		}

		@Test
		void securedApiExportedWithItsExtensionsImportsToTheSameApi() {
			ApiDefinition original = assertRoundTrip("secured.yaml", "oas30", "apigateway");
			ApiDefinition again = readContent(export(original, "swagger", "apigateway").toString(),
					TestDefinitions.IMPORT).create(API_ID);
			assertThat(again.resources()).containsExactlyInAnyOrderElementsOf(original.resources());
			assertThat(again.components()).isEqualTo(original.components());
		}

		private ApiDefinition assertRoundTrip(String name, String type, String extensions) {
			ApiDefinition original = read(name).create(API_ID);
			ObjectNode exported = export(original, type, extensions);
			ImportedApi reimported = readContent(exported.toString(), TestDefinitions.IMPORT);
			assertThat(reimported.warnings()).isEmpty();
			ApiDefinition again = reimported.create(API_ID);
			assertThat(again.resources()).containsExactlyInAnyOrderElementsOf(original.resources());
			assertThat(again.components()).isEqualTo(original.components());
			assertThat(again.restApi().name()).isEqualTo(original.restApi().name());
			assertThat(again.restApi().policy()).isEqualTo(original.restApi().policy());
			return original;
		}

	}

	static JsonNode export(String name, String type, String extensions) {
		return export(read(name).create(API_ID), type, extensions);
	}

	static ObjectNode export(ApiDefinition api, String type, String extensions) {
		Deployment deployment = api.withDeployment("d1", null).requireDeployment("d1");
		return new OpenApiWriter(ExportOptions.of(type, extensions), "eu-west-1").write(API_ID, "prod", deployment);
	}

}
