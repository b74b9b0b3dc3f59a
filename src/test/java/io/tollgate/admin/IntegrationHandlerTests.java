package io.tollgate.admin;

import java.util.Map;
import java.util.function.Consumer;

import io.tollgate.admin.ResourceAdminFixtures.BuiltApi;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestBackend;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConnectionType;
import software.amazon.awssdk.services.apigateway.model.GetIntegrationResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;
import software.amazon.awssdk.services.apigateway.model.PutIntegrationRequest;
import software.amazon.awssdk.services.apigateway.model.PutIntegrationResponse;
import software.amazon.awssdk.services.apigateway.model.UpdateIntegrationResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import static io.tollgate.admin.ResourceAdminFixtures.deploy;
import static io.tollgate.admin.ResourceAdminFixtures.invokePath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntegrationHandlerTests extends BaseAdminTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private String apiId;

	private String rootId;

	private String resourceId;

	@BeforeEach
	void createMethod() {
		this.apiId = this.apiGateway.createRestApi((r) -> r.name("integrations")).id();
		this.rootId = this.apiGateway.getResources((r) -> r.restApiId(this.apiId)).items().get(0).id();
		this.resourceId = this.apiGateway
			.createResource((r) -> r.restApiId(this.apiId).parentId(this.rootId).pathPart("orders"))
			.id();
		this.apiGateway.putMethod(
				(r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET").authorizationType("NONE"));
	}

	private PutIntegrationResponse put(Consumer<PutIntegrationRequest.Builder> integration) {
		return this.apiGateway.putIntegration((r) -> {
			r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET");
			integration.accept(r);
		});
	}

	private GetIntegrationResponse get() {
		return this.apiGateway
			.getIntegration((r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET"));
	}

	private UpdateIntegrationResponse update(PatchOperation... operations) {
		return this.apiGateway.updateIntegration((r) -> r.restApiId(this.apiId)
			.resourceId(this.resourceId)
			.httpMethod("GET")
			.patchOperations(operations));
	}

	private static PatchOperation patch(Op op, String path, @Nullable String value) {
		return PatchOperation.builder().op(op).path(path).value(value).build();
	}

	@Nested
	class Put {

		@Test
		void putMockIntegrationAnswersCreatedWithAwsDefaults() {
			PutIntegrationResponse put = put((r) -> r.type(IntegrationType.MOCK)
				.requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
			assertThat(put.sdkHttpResponse().statusCode()).isEqualTo(201);
			assertThat(put.type()).isEqualTo(IntegrationType.MOCK);
			assertThat(put.requestTemplates()).containsExactly(Map.entry("application/json", "{\"statusCode\": 200}"));
			assertThat(put.passthroughBehavior()).isEqualTo("WHEN_NO_MATCH");
			assertThat(put.timeoutInMillis()).isEqualTo(29000);
			assertThat(put.cacheNamespace()).isEqualTo(resourceId);
			assertThat(put.uri()).isNull();
			assertThat(put.hasIntegrationResponses()).isFalse();
			assertThat(put.hasCacheKeyParameters()).as("cacheKeyParameters: []").isTrue();
			assertThat(put.cacheKeyParameters()).isEmpty();
		}

		@Test
		void typeOutsideTheEnumIsAValidationExceptionAsOnAws() {
			assertThatThrownBy(() -> put((r) -> r.type("HTTPS_PROXY").integrationHttpMethod("GET").uri("https://a.b")))
				.isInstanceOfSatisfying(ApiGatewayException.class, (ex) -> {
					assertThat(ex.statusCode()).isEqualTo(400);
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
					assertThat(ex.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value "
							+ "'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must "
							+ "satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]");
				});
		}

		@Test
		void valueOfTheWrongJsonTypeIsASerializationExceptionNamingNoJavaType() {
			signedAdminClient().put()
				.uri("/restapis/" + apiId + "/resources/" + resourceId + "/methods/GET/integration")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"type\": \"MOCK\", \"timeoutInMillis\": \"soon\", \"ipAddressType\": \"ipv4\"}")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "SerializationException")
				.expectBody()
				.jsonPath("$.message")
				.value((String message) -> assertThat(message)
					.isEqualTo("Invalid value at 'putIntegrationInput.timeoutInMillis': expected a number")
					.doesNotContain("java", "tollgate"));
		}

		@Test
		void putHttpProxyIntegrationKeepsEveryField() {
			PutIntegrationResponse put = put((r) -> r.type(IntegrationType.HTTP_PROXY)
				.integrationHttpMethod("POST")
				.uri("https://backend.example.com/orders/{id}")
				.requestParameters(Map.of("integration.request.path.id", "method.request.querystring.id"))
				.passthroughBehavior("NEVER")
				.contentHandling("CONVERT_TO_TEXT")
				.timeoutInMillis(5000)
				.cacheNamespace("orders")
				.cacheKeyParameters("method.request.querystring.id"));
			assertThat(put.type()).isEqualTo(IntegrationType.HTTP_PROXY);
			assertThat(put.httpMethod()).isEqualTo("POST");
			assertThat(put.uri()).isEqualTo("https://backend.example.com/orders/{id}");
			assertThat(put.connectionType()).isEqualTo(ConnectionType.INTERNET);
			assertThat(put.requestParameters())
				.containsExactly(Map.entry("integration.request.path.id", "method.request.querystring.id"));
			assertThat(put.passthroughBehavior()).isEqualTo("NEVER");
			assertThat(put.contentHandlingAsString()).isEqualTo("CONVERT_TO_TEXT");
			assertThat(put.timeoutInMillis()).isEqualTo(5000);
			assertThat(put.cacheNamespace()).isEqualTo("orders");
			assertThat(put.cacheKeyParameters()).containsExactly("method.request.querystring.id");
			assertThat(get().uri()).isEqualTo("https://backend.example.com/orders/{id}");
		}

		@Test
		void putIntegrationWithTimeoutOutOfRangeIsBadRequest() {
			assertThatThrownBy(() -> put((r) -> r.type(IntegrationType.MOCK).timeoutInMillis(49)))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Timeout should be between 50 ms and 29000 ms");
			assertThatThrownBy(() -> put((r) -> r.type(IntegrationType.MOCK).timeoutInMillis(29001)))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Timeout should be between 50 ms and 29000 ms");
		}

		@Test
		void mappingTemplateOverAwsLimitIsBadRequestInPutAndPatch() {
			String large = "#set($x = 1)" + " ".repeat(400 * 1024);
			assertThatThrownBy(() -> put((r) -> r.type(IntegrationType.MOCK)
				.requestTemplates(Map.of("application/json", large))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Mapping template for content type 'application/json' is larger than the limit "
						+ "of 300 KB");
			put((r) -> r.type(IntegrationType.MOCK));
			assertThatThrownBy(() -> update(patch(Op.ADD, "/requestTemplates/application~1json", large)))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("larger than the limit of 300 KB");
		}

		@Test
		void httpIntegrationWithoutUriOrVerbIsBadRequest() {
			assertThatThrownBy(() -> put((r) -> r.type(IntegrationType.HTTP).integrationHttpMethod("GET")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid integration URI specified");
			assertThatThrownBy(() -> put((r) -> r.type(IntegrationType.HTTP).uri("https://example.com")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Enumeration value for HttpMethod must be non-empty");
			assertThatThrownBy(() -> put(
					(r) -> r.type(IntegrationType.HTTP_PROXY).integrationHttpMethod("GET").uri("ftp://example.com")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid HTTP endpoint specified for URI");
		}

		@Test
		void awsIntegrationNeedsAnArn() {
			assertThatThrownBy(() -> put(
					(r) -> r.type(IntegrationType.AWS_PROXY).integrationHttpMethod("POST").uri("https://x.example")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid ARN specified in the request");
		}

		@Test
		void putIntegrationWithoutTypeIsBadRequest() {
			assertThatThrownBy(() -> put((r) -> r.uri("https://example.com")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("putIntegrationInput.type");
		}

		@Test
		void vpcLinkIsRefusedRatherThanIgnored() {
			assertThatThrownBy(() -> put((r) -> r.type(IntegrationType.HTTP_PROXY)
				.integrationHttpMethod("GET")
				.uri("https://example.com")
				.connectionType(ConnectionType.VPC_LINK)
				.connectionId("vpclink01")))
				.isInstanceOf(BadRequestException.class);
		}

		@Test
		void putIntegrationOnAnUnknownMethodIsNotFound() {
			assertThatThrownBy(() -> apiGateway.putIntegration((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("POST")
				.type(IntegrationType.MOCK)))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Method identifier specified");
		}

		@Test
		void putIntegrationReplacesTheIntegrationAndItsResponses() {
			ResourceAdminFixtures.addMockMethod(apiGateway, apiId, create("replaced"), "GET", "{}");
			String replaced = resourcesByPath("/replaced");
			apiGateway.putIntegration((r) -> r.restApiId(apiId)
				.resourceId(replaced)
				.httpMethod("GET")
				.type(IntegrationType.HTTP_PROXY)
				.integrationHttpMethod("GET")
				.uri("https://example.com"));
			GetIntegrationResponse integration = apiGateway
				.getIntegration((r) -> r.restApiId(apiId).resourceId(replaced).httpMethod("GET"));
			assertThat(integration.type()).isEqualTo(IntegrationType.HTTP_PROXY);
			assertThat(integration.hasIntegrationResponses()).isFalse();
		}

		private String create(String pathPart) {
			return apiGateway.createResource((r) -> r.restApiId(apiId).parentId(rootId).pathPart(pathPart)).id();
		}

		private String resourcesByPath(String path) {
			return apiGateway.getResources((r) -> r.restApiId(apiId))
				.items()
				.stream()
				.filter((resource) -> resource.path().equals(path))
				.findFirst()
				.orElseThrow()
				.id();
		}

	}

	@Nested
	class Get {

		@Test
		void methodWithoutIntegrationIsNotFound() {
			assertThatThrownBy(IntegrationHandlerTests.this::get).isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Integration identifier specified");
		}

		@Test
		void unknownResourceIsNotFound() {
			assertThatThrownBy(() -> apiGateway
				.getIntegration((r) -> r.restApiId(apiId).resourceId("nosuchres1").httpMethod("GET")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Resource identifier specified");
		}

	}

	@Nested
	class Update {

		@Test
		void updateIntegrationAppliesEachCommonPath() {
			put((r) -> r.type(IntegrationType.HTTP)
				.integrationHttpMethod("GET")
				.uri("https://old.example.com")
				.requestTemplates(Map.of("text/plain", "old"))
				.cacheKeyParameters("method.request.querystring.a"));
			UpdateIntegrationResponse updated = update(patch(Op.REPLACE, "/uri", "https://new.example.com"),
					patch(Op.REPLACE, "/httpMethod", "POST"), patch(Op.REPLACE, "/timeoutInMillis", "1500"),
					patch(Op.ADD, "/requestTemplates/application~1json", "{\"a\": 1}"),
					patch(Op.REMOVE, "/requestTemplates/text~1plain", null),
					patch(Op.ADD, "/requestParameters/integration.request.header.X-Id", "method.request.header.X-Id"),
					patch(Op.REPLACE, "/passthroughBehavior", "WHEN_NO_TEMPLATES"),
					patch(Op.ADD, "/cacheKeyParameters/method.request.querystring.b", null),
					patch(Op.REMOVE, "/cacheKeyParameters/method.request.querystring.a", null),
					patch(Op.REPLACE, "/contentHandling", "CONVERT_TO_BINARY"));
			assertThat(updated.uri()).isEqualTo("https://new.example.com");
			assertThat(updated.httpMethod()).isEqualTo("POST");
			assertThat(updated.timeoutInMillis()).isEqualTo(1500);
			assertThat(updated.requestTemplates()).containsExactly(Map.entry("application/json", "{\"a\": 1}"));
			assertThat(updated.requestParameters())
				.containsExactly(Map.entry("integration.request.header.X-Id", "method.request.header.X-Id"));
			assertThat(updated.passthroughBehavior()).isEqualTo("WHEN_NO_TEMPLATES");
			assertThat(updated.cacheKeyParameters()).containsExactly("method.request.querystring.b");
			assertThat(updated.contentHandlingAsString()).isEqualTo("CONVERT_TO_BINARY");
			assertThat(get().timeoutInMillis()).isEqualTo(1500);
		}

		@Test
		void updateIntegrationWithTimeoutOutOfRangeIsBadRequestAndChangesNothing() {
			put((r) -> r.type(IntegrationType.MOCK));
			assertThatThrownBy(() -> update(patch(Op.REPLACE, "/timeoutInMillis", "30000")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Timeout should be between 50 ms and 29000 ms");
			assertThat(get().timeoutInMillis()).isEqualTo(29000);
		}

		@Test
		void unsupportedPatchPathIsBadRequest() {
			put((r) -> r.type(IntegrationType.MOCK));
			assertThatThrownBy(() -> update(patch(Op.REPLACE, "/integrationResponses", "x")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid patch path");
			assertThatThrownBy(() -> update(patch(Op.REPLACE, "/passthroughBehavior", "SOMETIMES")))
				.isInstanceOf(BadRequestException.class);
		}

		@Test
		void updatingAMissingIntegrationIsNotFound() {
			assertThatThrownBy(() -> update(patch(Op.REPLACE, "/uri", "https://x.example")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Integration identifier specified");
		}

	}

	@Nested
	class Delete {

		@Test
		void deleteIntegrationAnswersNoContentAndTheIntegrationIsGone() {
			put((r) -> r.type(IntegrationType.MOCK));
			var deleted = apiGateway
				.deleteIntegration((r) -> r.restApiId(apiId).resourceId(resourceId).httpMethod("GET"));
			assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(204);
			assertThatThrownBy(IntegrationHandlerTests.this::get).isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Integration identifier specified");
			assertThat(apiGateway.getMethod((r) -> r.restApiId(apiId).resourceId(resourceId).httpMethod("GET"))
				.httpMethod()).isEqualTo("GET");
		}

		@Test
		void deletingAMissingIntegrationIsNotFound() {
			assertThatThrownBy(() -> apiGateway
				.deleteIntegration((r) -> r.restApiId(apiId).resourceId(resourceId).httpMethod("GET")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Integration identifier specified");
		}

	}

	@Nested
	class DataPlane {

		@Test
		void mockIntegrationBuiltThroughTheSdkAnswersWithItsResponseTemplate() {
			BuiltApi built = ResourceAdminFixtures.mockApi(apiGateway, "hello",
					"{\"greeting\": \"hello\", \"stage\": \"$context.stage\"}");
			deploy(store, routeLocator, built.apiId(), "d1");
			client.get()
				.uri(invokePath(built.apiId(), "/hello"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"greeting\": \"hello\", \"stage\": \"prod\"}");
		}

		@Test
		void httpProxyIntegrationReachesTheBackendAndItsUpdatedUriOnceRedeployed() {
			String items = apiGateway
				.createResource((r) -> r.restApiId(apiId).parentId(rootId).pathPart("items"))
				.id();
			String item = apiGateway
				.createResource((r) -> r.restApiId(apiId).parentId(items).pathPart("{itemId}"))
				.id();
			apiGateway.putMethod(
					(r) -> r.restApiId(apiId).resourceId(item).httpMethod("ANY").authorizationType("NONE"));
			apiGateway.putIntegration((r) -> r.restApiId(apiId)
				.resourceId(item)
				.httpMethod("ANY")
				.type(IntegrationType.HTTP_PROXY)
				.integrationHttpMethod("ANY")
				.uri(backend.url() + "/v1/items/{itemId}")
				.requestParameters(Map.of("integration.request.path.itemId", "method.request.path.itemId")));
			put((r) -> r.type(IntegrationType.MOCK));
			deploy(store, routeLocator, apiId, "d1");
			JsonNode echo = echo("/items/42");
			assertThat(echo.get("method").asString()).isEqualTo("DELETE");
			assertThat(echo.get("path").asString()).isEqualTo("/v1/items/42");

			apiGateway.updateIntegration((r) -> r.restApiId(apiId)
				.resourceId(item)
				.httpMethod("ANY")
				.patchOperations((op) -> op.op(Op.REPLACE).path("/uri").value(backend.url() + "/v2/items/{itemId}")));
			deploy(store, routeLocator, apiId, "d2");
			assertThat(echo("/items/42").get("path").asString()).isEqualTo("/v2/items/42");
		}

		private JsonNode echo(String path) {
			byte[] body = client.delete()
				.uri(invokePath(apiId, path))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.returnResult()
				.getResponseBody();
			return JSON.readTree(body);
		}

	}

}
