package io.tollgate.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.tollgate.test.BaseAdminTests;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole life of an API driven only by the AWS SDK's signed {@code ApiGatewayClient}, each change seen on the
 * data plane: create, add resources, methods and integrations, deploy, change a stage variable, export, import.
 */
class ManagementLifecycleTests extends BaseAdminTests {

	@Test
	void everyManagementChangeTakesEffectOnTheDataPlane() {
		String apiId = this.apiGateway.createRestApi((r) -> r.name("Lifecycle")).id();
		String rootId = this.apiGateway.getResources((r) -> r.restApiId(apiId)).items().get(0).id();
		String greetingId = this.apiGateway
			.createResource((r) -> r.restApiId(apiId).parentId(rootId).pathPart("greeting"))
			.id();
		this.apiGateway.putMethod(
				(r) -> r.restApiId(apiId).resourceId(greetingId).httpMethod("GET").authorizationType("NONE"));
		this.apiGateway.putMethodResponse(
				(r) -> r.restApiId(apiId).resourceId(greetingId).httpMethod("GET").statusCode("200"));
		this.apiGateway.putIntegration((r) -> r.restApiId(apiId)
			.resourceId(greetingId)
			.httpMethod("GET")
			.type(IntegrationType.MOCK)
			.requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
		this.apiGateway.putIntegrationResponse((r) -> r.restApiId(apiId)
			.resourceId(greetingId)
			.httpMethod("GET")
			.statusCode("200")
			.responseTemplates(Map.of("application/json", "{\"greeting\": \"$stageVariables.word\"}")));

		this.apiGateway.createDeployment(
				(r) -> r.restApiId(apiId).stageName("dev").variables(Map.of("word", "hello")));
		awaitBody("/restapis/" + apiId + "/dev/_user_request_/greeting", "{\"greeting\": \"hello\"}");

		this.apiGateway.updateStage((r) -> r.restApiId(apiId)
			.stageName("dev")
			.patchOperations((op) -> op.op(Op.REPLACE).path("/variables/word").value("bonjour")));
		awaitBody("/restapis/" + apiId + "/dev/_user_request_/greeting", "{\"greeting\": \"bonjour\"}");

		String exported = this.apiGateway
			.getExport((r) -> r.restApiId(apiId)
				.stageName("dev")
				.exportType("oas30")
				.accepts("application/json")
				.parameters(Map.of("extensions", "integrations")))
			.body()
			.asUtf8String();
		assertThat(exported).contains("/greeting").contains("x-amazon-apigateway-integration");

		String copyId = this.apiGateway
			.importRestApi((r) -> r.body(SdkBytes.fromString(exported, StandardCharsets.UTF_8)))
			.id();
		assertThat(copyId).isNotEqualTo(apiId);
		this.apiGateway.createDeployment(
				(r) -> r.restApiId(copyId).stageName("copy").variables(Map.of("word", "hola")));
		awaitBody("/restapis/" + copyId + "/copy/_user_request_/greeting", "{\"greeting\": \"hola\"}");

		this.apiGateway.deleteRestApi((r) -> r.restApiId(apiId));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.client.get()
				.uri("/restapis/" + apiId + "/dev/_user_request_/greeting")
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value() == 403);
	}

	private void awaitBody(String path, String body) {
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> body.equals(this.client
			.get()
			.uri(path)
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody()));
	}

}
