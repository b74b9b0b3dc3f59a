package io.tollgate.admin;

import java.util.List;
import java.util.Map;

import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.TestInvokeMethodResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestInvokeHandlerTests extends BaseAdminTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private String apiId;

	private String itemId;

	@BeforeEach
	void createApi() {
		this.apiId = this.apiGateway.createRestApi((r) -> r.name("test invoke")).id();
		String rootId = this.apiGateway.getResources((r) -> r.restApiId(this.apiId)).items().get(0).id();
		String itemsId = this.apiGateway
			.createResource((r) -> r.restApiId(this.apiId).parentId(rootId).pathPart("items"))
			.id();
		this.itemId = this.apiGateway
			.createResource((r) -> r.restApiId(this.apiId).parentId(itemsId).pathPart("{itemId}"))
			.id();
		// Authorization and an API key are required: the console test skips both, as on AWS.
		this.apiGateway.putMethod((r) -> r.restApiId(this.apiId)
			.resourceId(this.itemId)
			.httpMethod("GET")
			.authorizationType("AWS_IAM")
			.apiKeyRequired(true));
		this.apiGateway.putIntegration((r) -> r.restApiId(this.apiId)
			.resourceId(this.itemId)
			.httpMethod("GET")
			.type(IntegrationType.HTTP_PROXY)
			.integrationHttpMethod("GET")
			.uri(backend.url() + "/backend/{itemId}")
			.requestParameters(Map.of("integration.request.path.itemId", "method.request.path.itemId")));
		this.apiGateway.putMethod((r) -> r.restApiId(this.apiId)
			.resourceId(itemsId)
			.httpMethod("POST")
			.authorizationType("NONE"));
		this.apiGateway.putMethodResponse(
				(r) -> r.restApiId(this.apiId).resourceId(itemsId).httpMethod("POST").statusCode("201"));
		this.apiGateway.putIntegration((r) -> r.restApiId(this.apiId)
			.resourceId(itemsId)
			.httpMethod("POST")
			.type(IntegrationType.MOCK)
			.requestTemplates(Map.of("application/json", "{\"statusCode\": 201}")));
		this.apiGateway.putIntegrationResponse((r) -> r.restApiId(this.apiId)
			.resourceId(itemsId)
			.httpMethod("POST")
			.statusCode("201")
			.responseTemplates(Map.of("application/json",
					"{\"stage\": \"$context.stage\", \"color\": \"$stageVariables.color\", \"q\": \"$input.params('q')\"}")));
	}

	@Test
	void runsAnUndeployedMockMethodWithStageVariablesAndReturnsStatusBodyHeadersAndLog() {
		String itemsId = this.apiGateway.getResources((r) -> r.restApiId(this.apiId))
			.items()
			.stream()
			.filter((resource) -> resource.path().equals("/items"))
			.findFirst()
			.orElseThrow()
			.id();
		TestInvokeMethodResponse response = this.apiGateway.testInvokeMethod((r) -> r.restApiId(this.apiId)
			.resourceId(itemsId)
			.httpMethod("POST")
			.pathWithQueryString("/items?q=blue")
			.headers(Map.of("Content-Type", "application/json", "Authorization", "Bearer secret-token-value"))
			.stageVariables(Map.of("color", "green"))
			.body("{}"));
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.body()).isEqualTo("{\"stage\": \"test-invoke-stage\", \"color\": \"green\", \"q\": \"blue\"}");
		assertThat(response.headers()).containsExactly(Map.entry("Content-Type", "application/json"));
		assertThat(response.multiValueHeaders()).containsOnlyKeys("Content-Type");
		assertThat(response.latency()).isNotNegative();
		assertThat(response.log()).startsWith("Execution log for request ")
			.contains(" : Starting execution for request: ")
			.contains("HTTP Method: POST, Resource Path: /items")
			.contains("Method request query string: {q=blue}")
			.contains("Method request headers: {Authorization=****, Content-Type=application/json}")
			.contains("Method completed with status: 201")
			.doesNotContain("secret-token-value");
	}

	@Test
	void runsAnHttpProxyMethodAgainstItsBackendWithoutAuthorizationOrApiKey() {
		int before = backend.requestCount();
		TestInvokeMethodResponse response = this.apiGateway.testInvokeMethod((r) -> r.restApiId(this.apiId)
			.resourceId(this.itemId)
			.httpMethod("GET")
			.pathWithQueryString("/items/42?x=1&x=2")
			.multiValueHeaders(Map.of("X-Trace", List.of("a", "b"))));
		assertThat(response.status()).isEqualTo(200);
		assertThat(backend.requestCount()).isEqualTo(before + 1);
		assertThat(response.body()).contains("\"path\":\"/backend/42\"").contains("\"x\":[\"1\",\"2\"]");
		assertThat(response.log()).contains("Method request path: {itemId=42}")
			.contains("Endpoint request URI: " + backend.url() + "/backend/42?x=1&x=2")
			.contains("Successfully completed execution");
	}

	@Test
	void pathParametersOfTheResourcePathAreLoggedUnencoded() {
		TestInvokeMethodResponse response = this.apiGateway
			.testInvokeMethod((r) -> r.restApiId(this.apiId).resourceId(this.itemId).httpMethod("GET"));
		assertThat(response.log()).contains("HTTP Method: GET, Resource Path: /items/{itemId}")
			.contains("Method request path: {itemId={itemId}}")
			.contains("Method request headers: {}")
			.doesNotContain("%7B")
			.doesNotContain("Host");
	}

	@Test
	void aFailingIntegrationIsReportedWithItsGatewayResponse() {
		this.apiGateway.putIntegration((r) -> r.restApiId(this.apiId)
			.resourceId(this.itemId)
			.httpMethod("GET")
			.type(IntegrationType.HTTP_PROXY)
			.integrationHttpMethod("GET")
			.timeoutInMillis(100)
			.uri(backend.url() + "/slow?delayMs=2000"));
		TestInvokeMethodResponse response = this.apiGateway
			.testInvokeMethod((r) -> r.restApiId(this.apiId).resourceId(this.itemId).httpMethod("GET"));
		assertThat(response.status()).isEqualTo(504);
		assertThat(response.body()).isEqualTo("{\"message\":\"Endpoint request timed out\"}");
		assertThat(response.log()).contains("Method completed with status: 504");
	}

	@Test
	void anIntegrationStallingItsBodyPastTheTimeoutIsReportedAsTimedOut() {
		this.apiGateway.putIntegration((r) -> r.restApiId(this.apiId)
			.resourceId(this.itemId)
			.httpMethod("GET")
			.type(IntegrationType.HTTP_PROXY)
			.integrationHttpMethod("GET")
			.timeoutInMillis(300)
			.uri(backend.url() + "/slow?bodyDelayMs=2000"));
		TestInvokeMethodResponse response = this.apiGateway
			.testInvokeMethod((r) -> r.restApiId(this.apiId).resourceId(this.itemId).httpMethod("GET"));
		assertThat(response.status()).isEqualTo(504);
		assertThat(response.body()).isEqualTo("{\"message\":\"Endpoint request timed out\"}");
		assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "InternalServerErrorException")
			.doesNotContainKey("X-Backend");
		assertThat(response.latency()).isLessThan(1800);
	}

	@Test
	void anUnknownMethodIsNotFound() {
		assertThatThrownBy(() -> this.apiGateway
			.testInvokeMethod((r) -> r.restApiId(this.apiId).resourceId(this.itemId).httpMethod("DELETE")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Method identifier specified");
	}

}
