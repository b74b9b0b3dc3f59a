package io.tollgate.admin.openapi;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Method;
import io.tollgate.model.Model;
import io.tollgate.model.Resource;
import io.tollgate.model.Stage;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestBackend;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.EndpointType;
import software.amazon.awssdk.services.apigateway.model.GetExportResponse;
import software.amazon.awssdk.services.apigateway.model.ImportRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.PutMode;
import software.amazon.awssdk.services.apigateway.model.PutRestApiResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.http.MediaType;

import static io.tollgate.admin.openapi.TestDefinitions.content;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenApiHandlerTests extends BaseAdminTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String HEALTH_ONLY = """
			openapi: 3.0.1
			info: {title: PetStore v2, version: "2"}
			paths:
			  /pets:
			    get:
			      responses: {"200": {description: ok}}
			      x-amazon-apigateway-integration:
			        type: mock
			        requestTemplates: {application/json: '{"statusCode": 200}'}
			        responses: {default: {statusCode: "200", responseTemplates: {application/json: '{"version": 2}'}}}
			  /health:
			    get:
			      responses: {"200": {description: ok}}
			      x-amazon-apigateway-integration:
			        type: mock
			        requestTemplates: {application/json: '{"statusCode": 200}'}
			        responses: {default: {statusCode: "200"}}
			""";

	@Nested
	class Import {

		@Test
		void importedPetStoreServesItsMockMethodAfterDeployment() {
			String id = importDefinition("petstore.yaml").id();
			deploy(id);
			OpenApiHandlerTests.this.client.get()
				.uri("/restapis/{id}/prod/_user_request_/pets", id)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "*")
				.expectBody()
				.jsonPath("$[0].type")
				.isEqualTo("dog")
				.jsonPath("$[1].price")
				.isEqualTo(124.99);
		}

		@Test
		void importedPetStoreSelectsItsMockResponseByPattern() {
			String id = importDefinition("petstore.yaml").id();
			deploy(id);
			OpenApiHandlerTests.this.client.post()
				.uri("/restapis/{id}/prod/_user_request_/pets", id)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"type\": \"dragon\"}")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.message")
				.isEqualTo("No dragons");
		}

		@Test
		void importedPetStoreProxiesItsHttpProxyAndGreedyAnyMethodsToTheBackend() {
			String id = importDefinition("petstore.yaml").id();
			deploy(id);
			OpenApiHandlerTests.this.client.get()
				.uri("/restapis/{id}/prod/_user_request_/pets/7", id)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.path")
				.isEqualTo("/pets/7");
			OpenApiHandlerTests.this.client.post()
				.uri("/restapis/{id}/prod/_user_request_/store/orders/12", id)
				.bodyValue("one order")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.method")
				.isEqualTo("POST")
				.jsonPath("$.path")
				.isEqualTo("/store/orders/12")
				.jsonPath("$.body")
				.isEqualTo("one order");
		}

		@Test
		void importAnswersWithTheRestApiItsVersionAndWarnings() {
			ImportRestApiResponse imported = OpenApiHandlerTests.this.apiGateway.importRestApi((request) -> request
				.body(SdkBytes.fromUtf8String("""
						{"openapi": "3.0.1",
						 "info": {"title": "Loose", "description": "JSON this time", "version": "7"},
						 "paths": {"/things": {"post": {
						   "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
						   "responses": {"200": {"description": "ok"}}}}}}
						"""))
				.parameters(Map.of("endpointConfigurationTypes", "EDGE")));
			assertThat(imported.id()).matches("[a-z0-9]{10}");
			assertThat(imported.name()).isEqualTo("Loose");
			assertThat(imported.description()).isEqualTo("JSON this time");
			assertThat(imported.version()).isEqualTo("7");
			assertThat(imported.endpointConfiguration().types()).containsExactly(EndpointType.EDGE);
			assertThat(imported.warnings())
				.containsExactly("Unsupported inline schema in request body of method 'POST /things'. Ignoring.");
			assertThat(imported.rootResourceId()).isEqualTo(stored(imported.id()).rootResource().id());
		}

		@Test
		void swaggerDocumentImportsWithItsBasePathPrepended() {
			ImportRestApiResponse imported = OpenApiHandlerTests.this.apiGateway.importRestApi((request) -> request
				.body(SdkBytes.fromUtf8String(content("swagger2.yaml")))
				.parameters(Map.of("basepath", "prepend")));
			ApiDefinition api = stored(imported.id());
			assertThat(paths(api)).containsExactly("/", "/prod", "/prod/v2", "/prod/v2/orders",
					"/prod/v2/orders/{orderId}", "/prod/v2/orders/{orderId}/{proxy+}");
			Method create = api.resourceByPath("/prod/v2/orders").orElseThrow().resourceMethods().get("POST");
			assertThat(create.apiKeyRequired()).isTrue();
			assertThat(create.requestModels()).containsEntry("application/json", "Order");
		}

		@Test
		void invalidDocumentsAreBadRequestsWithTheParsersMessages() {
			long before = apiCount();
			assertThatThrownBy(() -> importContent("openapi: 3.0.1\ninfo: {title: [unclosed", false))
				.isInstanceOf(BadRequestException.class)
				.hasMessageStartingWith("Errors found during import:")
				.hasMessageContaining("malformed or unreadable swagger supplied");
			assertThatThrownBy(() -> importContent("{\"swagger\": \"2.0\", \"info\": 3}", false))
				.isInstanceOf(BadRequestException.class)
				.hasMessageStartingWith("Errors found during import:");
			assertThatThrownBy(() -> importContent("""
					openapi: 3.0.1
					info: {title: Siblings, version: "1"}
					paths:
					  /pets/{id}: {get: {responses: {"200": {description: ok}}}}
					  /pets/{petId}: {get: {responses: {"200": {description: ok}}}}
					""", false))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Unable to create resource at path '/pets/{petId}'")
				.hasMessageContaining("only one is allowed");
			assertThat(apiCount()).isEqualTo(before);
		}

		@Test
		void warningsFailTheImportOnlyWithFailOnWarnings() {
			String loose = "openapi: 3.0.1\ninfo: {title: Loose}\npaths: {/x: {get: {responses: {'200': {}}}}}\n";
			long before = apiCount();
			assertThatThrownBy(() -> importContent(loose, true)).isInstanceOf(BadRequestException.class)
				.hasMessageStartingWith("Warnings found during import:")
				.hasMessageContaining("Parse issue: attribute info.version is missing")
				.hasMessageContaining("Parse issue: attribute paths.'/x'(get).responses.200.description is missing");
			assertThat(apiCount()).isEqualTo(before);
			assertThat(importContent(loose, false).warnings()).hasSize(2);
		}

	}

	@Nested
	class Put {

		@Test
		void mergeAddsAndReplacesTheDefinitionsPathsAndKeepsTheRest() {
			String id = importDefinition("petstore.yaml").id();
			deploy(id);
			PutRestApiResponse merged = put(id, PutMode.MERGE, HEALTH_ONLY);
			assertThat(merged.name()).isEqualTo("PetStore v2");
			assertThat(merged.description()).startsWith("Your first API");
			ApiDefinition api = stored(id);
			assertThat(paths(api)).containsExactly("/", "/pets", "/pets/{petId}", "/store", "/store/{proxy+}",
					"/health");
			Resource pets = api.resourceByPath("/pets").orElseThrow();
			assertThat(pets.resourceMethods()).containsOnlyKeys("GET", "POST", "OPTIONS");
			assertThat(pets.resourceMethods().get("GET").methodIntegration().integrationResponses().get("200")
				.responseTemplates()).containsEntry("application/json", "{\"version\": 2}");
			assertThat(api.components().models()).hasSize(6);
			assertThat(api.stages()).containsKey("prod");
			assertThat(api.deployments()).containsKey("d1");
		}

		@Test
		void overwriteReplacesResourcesAndKeepsDeploymentsAndStages() {
			String id = importDefinition("petstore.yaml").id();
			deploy(id);
			String petsId = stored(id).resourceByPath("/pets").orElseThrow().id();
			put(id, PutMode.OVERWRITE, HEALTH_ONLY);
			ApiDefinition api = stored(id);
			assertThat(paths(api)).containsExactly("/", "/pets", "/health");
			assertThat(api.resourceByPath("/pets").orElseThrow().id()).isEqualTo(petsId);
			assertThat(api.resourceByPath("/pets").orElseThrow().resourceMethods()).containsOnlyKeys("GET");
			assertThat(api.components().models()).isEmpty();
			assertThat(api.restApi().description()).isNull();
			assertThat(api.stages()).containsKey("prod");
			// The stage serves its deployment until the API is deployed again.
			OpenApiHandlerTests.this.client.post()
				.uri("/restapis/{id}/prod/_user_request_/pets", id)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isOk();
		}

		@Test
		void putOfAnUnknownApiIsNotFound() {
			assertThatThrownBy(() -> put("nosuchapi0", PutMode.MERGE, HEALTH_ONLY))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid API identifier specified");
		}

		@Test
		void putValidatesTheDocumentBeforeTheApiId() {
			assertThatThrownBy(() -> put("nosuchapi0", PutMode.MERGE, "not: [an openapi document"))
				.isInstanceOf(BadRequestException.class);
		}

	}

	@Nested
	class Export {

		@Test
		void exportsTheStagesDeploymentAsOpenApi3JsonWithIntegrations() {
			String id = importDefinition("petstore.yaml").id();
			deploy(id);
			// A change after the deployment is not part of the stage's export.
			put(id, PutMode.MERGE, HEALTH_ONLY);
			GetExportResponse export = export(id, "oas30", "application/json", "integrations");
			assertThat(export.contentType()).isEqualTo("application/octet-stream");
			assertThat(export.contentDisposition()).matches("attachment; filename=\"oas30_.+\\.json\"");
			JsonNode document = JSON.readTree(export.body().asUtf8String());
			assertThat(document.path("openapi").asString()).isEqualTo("3.0.1");
			assertThat(document.at("/info/title").asString()).isEqualTo("PetStore");
			assertThat(document.at("/servers/0/url").asString())
				.isEqualTo("https://" + id + ".execute-api.us-east-1.amazonaws.com/{basePath}");
			assertThat(document.at("/servers/0/variables/basePath/default").asString()).isEqualTo("prod");
			assertThat(document.path("paths").propertyNames()).containsExactly("/", "/pets", "/pets/{petId}",
					"/store/{proxy+}");
			assertThat(document.at("/paths/~1pets~1{petId}/get/x-amazon-apigateway-integration/uri").asString())
				.isEqualTo("${stageVariables.petsBackend}/pets/{petId}");
		}

		@Test
		void exportsYamlAndSwaggerWithoutExtensions() {
			String id = importDefinition("petstore.yaml").id();
			deploy(id);
			GetExportResponse yaml = export(id, "oas30", "application/yaml", null);
			assertThat(yaml.contentType()).isEqualTo("application/octet-stream");
			assertThat(yaml.contentDisposition()).endsWith(".yaml\"");
			JsonNode document = YAMLMapper.builder().build().readTree(yaml.body().asUtf8String());
			assertThat(document.path("openapi").asString()).isEqualTo("3.0.1");
			// ANY is a method, not an extension: it is exported either way.
			assertThat(yaml.body().asUtf8String()).doesNotContain("x-amazon-apigateway-integration")
				.contains("x-amazon-apigateway-any-method");
			GetExportResponse swagger = export(id, "swagger", "application/json", null);
			JsonNode swaggerDocument = JSON.readTree(swagger.body().asUtf8String());
			assertThat(swaggerDocument.path("swagger").asString()).isEqualTo("2.0");
			assertThat(swaggerDocument.path("basePath").asString()).isEqualTo("/prod");
			assertThat(swaggerDocument.at("/definitions/Pet/properties/price/type").asString()).isEqualTo("number");
			assertThat(swagger.body().asUtf8String()).doesNotContain("x-amazon-apigateway-integration");
		}

		@Test
		void exportOfAnUnknownStageOrTypeIsRefused() {
			String id = importDefinition("petstore.yaml").id();
			assertThatThrownBy(() -> export(id, "oas30", "application/json", null))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid stage identifier specified");
			deploy(id);
			assertThatThrownBy(() -> export(id, "raml", "application/json", null))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid export type specified");
		}

		@Test
		void exportedDefinitionImportsToTheSameResourcesMethodsAndIntegrations() {
			String id = importDefinition("petstore.yaml").id();
			deploy(id);
			for (String type : List.of("oas30", "swagger")) {
				GetExportResponse export = export(id, type, "application/yaml", "apigateway");
				ImportRestApiResponse again = OpenApiHandlerTests.this.apiGateway.importRestApi((request) -> request
					.body(export.body())
					.failOnWarnings(true));
				assertThat(methodsByPath(stored(again.id()))).isEqualTo(methodsByPath(stored(id)));
				assertThat(stored(again.id()).components().models().values())
					.extracting(Model::name)
					.containsExactlyInAnyOrderElementsOf(stored(id).components()
						.models()
						.values()
						.stream()
						.map(Model::name)
						.toList());
			}
		}

		@Test
		void exportCarriesTheApisVersionAndAnEmptyContentAsAwsWritesThem() {
			var api = OpenApiHandlerTests.this.apiGateway;
			String id = api.createRestApi((r) -> r.name("Versioned").version("1.0.0")).id();
			String rootId = api.getResources((r) -> r.restApiId(id)).items().get(0).id();
			api.putMethod((r) -> r.restApiId(id).resourceId(rootId).httpMethod("GET").authorizationType("NONE"));
			api.putMethodResponse((r) -> r.restApiId(id).resourceId(rootId).httpMethod("GET").statusCode("200"));
			api.putIntegration((r) -> r.restApiId(id)
				.resourceId(rootId)
				.httpMethod("GET")
				.type(IntegrationType.MOCK)
				.requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
			deploy(id);
			GetExportResponse export = export(id, "oas30", "application/json", null);
			assertThat(export.contentType()).isEqualTo("application/octet-stream");
			assertThat(export.contentDisposition()).isEqualTo("attachment; filename=\"oas30_1.0.0.json\"");
			JsonNode document = JSON.readTree(export.body().asUtf8String());
			assertThat(document.at("/info/version").asString()).isEqualTo("1.0.0");
			assertThat(document.at("/paths/~1/get/responses/200/content").isObject()).isTrue();
			assertThat(document.at("/paths/~1/get/responses/200/content").isEmpty()).isTrue();
		}

		private GetExportResponse export(String id, String type, String accepts, String extensions) {
			return OpenApiHandlerTests.this.apiGateway.getExport((request) -> {
				request.restApiId(id).stageName("prod").exportType(type).accepts(accepts);
				if (extensions != null) {
					request.parameters(Map.of("extensions", extensions));
				}
			});
		}

	}

	private ImportRestApiResponse importDefinition(String name) {
		return importContent(content(name), false);
	}

	private ImportRestApiResponse importContent(String content, boolean failOnWarnings) {
		return this.apiGateway.importRestApi(
				(request) -> request.body(SdkBytes.fromUtf8String(content)).failOnWarnings(failOnWarnings));
	}

	private PutRestApiResponse put(String id, PutMode mode, String content) {
		return this.apiGateway
			.putRestApi((request) -> request.restApiId(id).mode(mode).body(SdkBytes.fromUtf8String(content)));
	}

	/** Deploys the API to stage {@code prod} (backend: the test backend) and waits until the gateway serves it. */
	private void deploy(String id) {
		this.store.update(id, (api) -> api.withDeployment("d1", null)
			.withStage(Stage.of("prod", "d1", Map.of("petsBackend", backend.url()))))
			.block();
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.routeLocator.getRoutes()
				.any((route) -> id.equals(route.getMetadata().get("apiId"))
						&& "prod".equals(route.getMetadata().get("stage")))
				.block());
	}

	private ApiDefinition stored(String id) {
		return Objects.requireNonNull(this.store.find(id).block());
	}

	private long apiCount() {
		return Objects.requireNonNull(this.store.findAll().count().block());
	}

	private static List<String> paths(ApiDefinition api) {
		return api.resources().stream().map(Resource::path).toList();
	}

	private static Map<String, Map<String, Method>> methodsByPath(ApiDefinition api) {
		Map<String, Map<String, Method>> methods = new LinkedHashMap<>();
		api.resources()
			.stream()
			.filter((resource) -> !resource.resourceMethods().isEmpty())
			.forEach((resource) -> methods.put(resource.path(), resource.resourceMethods()));
		return methods;
	}

}
