package io.tollgate.admin.openapi;

import java.util.List;

import io.tollgate.test.BaseV2AdminTests;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizerType;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ImportApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.Route;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OpenAPI import, reimport and export of HTTP APIs through the AWS SDK's {@code ApiGatewayV2Client}, with API
 * Gateway's {@code x-amazon-apigateway-*} extensions.
 */
class HttpApiOpenApiHandlerTests extends BaseV2AdminTests {

	private static final String PETS = """
			openapi: 3.0.1
			info: {title: Pets, version: "2024-01-01"}
			x-amazon-apigateway-cors:
			  allowOrigins: ["https://example.com"]
			  allowMethods: [GET]
			  maxAge: 300
			components:
			  securitySchemes:
			    cognito:
			      type: oauth2
			      flows: {}
			      x-amazon-apigateway-authorizer:
			        type: jwt
			        identitySource: $request.header.Authorization
			        jwtConfiguration: {issuer: "https://issuer.example.com", audience: [client]}
			  x-amazon-apigateway-integrations:
			    backend:
			      type: http_proxy
			      httpMethod: ANY
			      uri: https://backend.example.com
			      payloadFormatVersion: "1.0"
			paths:
			  /pets/{id}:
			    get:
			      security: [{cognito: [pets/read]}]
			      responses: {default: {description: ok}}
			      x-amazon-apigateway-integration:
			        type: AWS_PROXY
			        httpMethod: POST
			        uri: arn:aws:lambda:us-east-1:000000000000:function:hello
			        payloadFormatVersion: 2.0
			        timeoutInMillis: 5000
			  /files/{proxy+}:
			    x-amazon-apigateway-any-method:
			      responses: {default: {description: ok}}
			      x-amazon-apigateway-integration: {$ref: "#/components/x-amazon-apigateway-integrations/backend"}
			  /$default:
			    x-amazon-apigateway-any-method:
			      isDefaultRoute: true
			      responses: {default: {description: ok}}
			      x-amazon-apigateway-integration: {$ref: "#/components/x-amazon-apigateway-integrations/backend"}
			""";

	@Test
	void importCreatesRoutesIntegrationsAuthorizersAndCors() {
		ImportApiResponse imported = this.v2.importApi((r) -> r.body(PETS));
		String apiId = imported.apiId();
		assertThat(imported.name()).isEqualTo("Pets");
		assertThat(imported.version()).isEqualTo("2024-01-01");
		assertThat(imported.corsConfiguration().allowOrigins()).containsExactly("https://example.com");
		assertThat(imported.corsConfiguration().maxAge()).isEqualTo(300);
		List<Route> routes = this.v2.getRoutes((r) -> r.apiId(apiId)).items();
		assertThat(routes).extracting(Route::routeKey)
			.containsExactlyInAnyOrder("GET /pets/{id}", "ANY /files/{proxy+}", "$default");
		Route pets = routes.stream().filter((route) -> route.routeKey().equals("GET /pets/{id}")).findFirst().orElseThrow();
		assertThat(pets.authorizationType()).isEqualTo(AuthorizationType.JWT);
		assertThat(pets.authorizationScopes()).containsExactly("pets/read");
		assertThat(this.v2.getAuthorizer((r) -> r.apiId(apiId).authorizerId(pets.authorizerId()))).satisfies((a) -> {
			assertThat(a.authorizerType()).isEqualTo(AuthorizerType.JWT);
			assertThat(a.jwtConfiguration().issuer()).isEqualTo("https://issuer.example.com");
			assertThat(a.identitySource()).containsExactly("$request.header.Authorization");
		});
		String lambda = pets.target().substring("integrations/".length());
		assertThat(this.v2.getIntegration((r) -> r.apiId(apiId).integrationId(lambda))).satisfies((integration) -> {
			assertThat(integration.integrationType()).isEqualTo(IntegrationType.AWS_PROXY);
			assertThat(integration.payloadFormatVersion()).isEqualTo("2.0");
			assertThat(integration.timeoutInMillis()).isEqualTo(5000);
		});
		assertThat(this.v2.getIntegrations((r) -> r.apiId(apiId)).items()).as("the reusable integration is one")
			.hasSize(2);
	}

	@Test
	void exportedDocumentImportsBackToTheSameApi() throws Exception {
		String apiId = this.v2.importApi((r) -> r.body(PETS)).apiId();
		String exported = this.v2.exportApi((r) -> r.apiId(apiId).specification("OAS30").outputType("JSON"))
			.body()
			.asUtf8String();
		JsonNode document = JsonMapper.builder().build().readTree(exported);
		assertThat(document.path("openapi").asString()).isEqualTo("3.0.1");
		assertThat(document.path("paths").has("/$default")).isTrue();
		assertThat(document.path("x-amazon-apigateway-cors").path("maxAge").asInt()).isEqualTo(300);
		String copy = this.v2.importApi((r) -> r.body(exported)).apiId();
		assertThat(this.v2.getRoutes((r) -> r.apiId(copy)).items()).extracting(Route::routeKey)
			.containsExactlyInAnyOrder("GET /pets/{id}", "ANY /files/{proxy+}", "$default");
		String withoutExtensions = this.v2.exportApi((r) -> r.apiId(apiId)
			.specification("OAS30")
			.outputType("YAML")
			.includeExtensions(false)).body().asUtf8String();
		assertThat(withoutExtensions).contains("openapi: ").doesNotContain("x-amazon-apigateway-integration");
	}

	@Test
	void reimportReplacesTheRoutes() {
		String apiId = this.v2.importApi((r) -> r.body(PETS)).apiId();
		this.v2.reimportApi((r) -> r.apiId(apiId).body("""
				openapi: 3.0.1
				info: {title: Pets, version: "2"}
				paths:
				  /animals:
				    get:
				      responses: {default: {description: ok}}
				      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: "https://b.example.com", payloadFormatVersion: "1.0"}
				"""));
		assertThat(this.v2.getRoutes((r) -> r.apiId(apiId)).items()).extracting(Route::routeKey)
			.containsExactly("GET /animals");
		assertThat(this.v2.getApi((r) -> r.apiId(apiId)).version()).isEqualTo("2");
	}

	@Test
	void warningsAreReturnedOrFailTheImportWhenAsked() {
		String document = """
				openapi: 3.0.1
				info: {title: Mocked, version: "1"}
				paths:
				  /mock:
				    get:
				      responses: {default: {description: ok}}
				      x-amazon-apigateway-integration: {type: mock}
				""";
		assertThat(this.v2.importApi((r) -> r.body(document)).warnings()).isNotEmpty();
		assertThatThrownBy(() -> this.v2.importApi((r) -> r.body(document).failOnWarnings(true)))
			.isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> this.v2.importApi((r) -> r.body("swagger: \"2.0\"\ninfo: {title: x, version: \"1\"}\npaths: {}")))
			.isInstanceOf(BadRequestException.class);
	}

}
