package io.tollgate.admin;

import java.time.Duration;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ModelIds;
import io.tollgate.store.ApiStore;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestApis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.CreateDeploymentResponse;
import software.amazon.awssdk.services.apigateway.model.GetDeploymentResponse;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;

import org.springframework.test.web.reactive.server.WebTestClient;

import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentHandlerTests extends BaseAdminTests {

	/** Stores an API with {@code GET /hello} answering the MOCK template, as the resource endpoints would. */
	private String storedApi(String template) {
		ApiDefinition api = withMethod(TestApis.api(ModelIds.random()), "/hello", method("GET", mock(template)));
		this.store.save(api.withVersion(0), ApiStore.ABSENT).block();
		return api.id();
	}

	private void changeTemplate(String apiId, String template) {
		this.store.update(apiId, (api) -> withMethod(api, "/hello", method("GET", mock(template)))).block();
	}

	private void awaitServed(String apiId, String stage, String expected) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(invoke(apiId, stage)).contains(expected));
	}

	private String invoke(String apiId, String stage) {
		return this.client.get()
			.uri("/restapis/" + apiId + "/" + stage + "/_user_request_/hello")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void createDeploymentWithStageNameCreatesTheStageAndServesTheApi() {
		String apiId = storedApi("{\"color\": \"$stageVariables.color\"}");
		CreateDeploymentResponse deployment = this.apiGateway.createDeployment((r) -> r.restApiId(apiId)
			.stageName("prod")
			.stageDescription("production")
			.description("first")
			.variables(Map.of("color", "blue")));
		assertThat(deployment.id()).matches("[a-z0-9]{10}");
		assertThat(deployment.description()).isEqualTo("first");
		assertThat(deployment.createdDate()).isNotNull();

		GetStageResponse stage = this.apiGateway.getStage((r) -> r.restApiId(apiId).stageName("prod"));
		assertThat(stage.deploymentId()).isEqualTo(deployment.id());
		assertThat(stage.description()).isEqualTo("production");
		assertThat(stage.variables()).containsExactly(Map.entry("color", "blue"));
		awaitServed(apiId, "prod", "{\"color\": \"blue\"}");
	}

	@Test
	void redeployingToAStageServesTheNewSnapshotAndKeepsItsVariables() {
		String apiId = storedApi("{\"version\": \"one\", \"color\": \"$stageVariables.color\"}");
		String first = this.apiGateway.createDeployment((r) -> r.restApiId(apiId)
			.stageName("prod")
			.variables(Map.of("color", "blue"))).id();
		awaitServed(apiId, "prod", "\"one\"");

		changeTemplate(apiId, "{\"version\": \"two\", \"color\": \"$stageVariables.color\"}");
		assertThat(invoke(apiId, "prod")).as("the stage serves its deployment, not the edited API").contains("one");
		String second = this.apiGateway.createDeployment((r) -> r.restApiId(apiId).stageName("prod")).id();
		awaitServed(apiId, "prod", "{\"version\": \"two\", \"color\": \"blue\"}");
		assertThat(this.apiGateway.getStage((r) -> r.restApiId(apiId).stageName("prod")).deploymentId())
			.isEqualTo(second)
			.isNotEqualTo(first);
	}

	@Test
	void everyRequestRightAfterCreateDeploymentOrUpdateStageIsServedByTheNewDeployment() {
		for (int round = 0; round < 20; round++) {
			String apiId = storedApi("{\"round\": \"" + round + "\", \"color\": \"$stageVariables.color\"}");
			this.apiGateway.createDeployment((r) -> r.restApiId(apiId).stageName("prod")
				.variables(Map.of("color", "blue")));
			assertThat(invoke(apiId, "prod")).as("first request after CreateDeployment")
				.isEqualTo("{\"round\": \"" + round + "\", \"color\": \"blue\"}");
			this.apiGateway.updateStage((r) -> r.restApiId(apiId).stageName("prod")
				.patchOperations((op) -> op.op(Op.REPLACE).path("/variables/color").value("red")));
			assertThat(invoke(apiId, "prod")).as("first request after UpdateStage")
				.isEqualTo("{\"round\": \"" + round + "\", \"color\": \"red\"}");
		}
	}

	@Test
	void apiWithWildcardBinaryMediaTypeDeploysAndServes() {
		String apiId = this.apiGateway.createRestApi((r) -> r.name("binary").binaryMediaTypes("*/*")).id();
		String rootId = this.apiGateway.getResources((r) -> r.restApiId(apiId)).items().get(0).id();
		this.apiGateway.putMethod((r) -> r.restApiId(apiId).resourceId(rootId).httpMethod("GET")
			.authorizationType("NONE"));
		this.apiGateway.putIntegration((r) -> r.restApiId(apiId).resourceId(rootId).httpMethod("GET")
			.type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
		this.apiGateway.putMethodResponse((r) -> r.restApiId(apiId).resourceId(rootId).httpMethod("GET")
			.statusCode("200"));
		this.apiGateway.putIntegrationResponse((r) -> r.restApiId(apiId).resourceId(rootId).httpMethod("GET")
			.statusCode("200").responseTemplates(Map.of("application/json", "{\"ok\": true}")));
		this.apiGateway.createDeployment((r) -> r.restApiId(apiId).stageName("prod"));
		assertThat(this.apiGateway.getRestApi((r) -> r.restApiId(apiId)).binaryMediaTypes()).containsExactly("*/*");
		this.client.get()
			.uri("/restapis/" + apiId + "/prod/_user_request_/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("{\"ok\": true}");
	}

	@Test
	void getListUpdateAndDeleteDeploymentsThroughTheAwsSdk() {
		String apiId = storedApi("{}");
		String first = this.apiGateway.createDeployment((r) -> r.restApiId(apiId).description("first")).id();
		String second = this.apiGateway.createDeployment((r) -> r.restApiId(apiId)).id();

		assertThat(this.apiGateway.getDeployments((r) -> r.restApiId(apiId)).items()).extracting("id")
			.containsExactlyInAnyOrder(first, second);
		GetDeploymentResponse fetched = this.apiGateway.getDeployment((r) -> r.restApiId(apiId).deploymentId(first));
		assertThat(fetched.description()).isEqualTo("first");
		assertThat(fetched.apiSummary()).isEmpty();
		GetDeploymentResponse summarised = this.apiGateway
			.getDeployment((r) -> r.restApiId(apiId).deploymentId(first).embed("apisummary"));
		assertThat(summarised.apiSummary().get("/hello").get("GET").authorizationType()).isEqualTo("NONE");
		assertThat(summarised.apiSummary().get("/hello").get("GET").apiKeyRequired()).isFalse();

		assertThat(this.apiGateway.updateDeployment((r) -> r.restApiId(apiId)
			.deploymentId(first)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/description").value("renamed"))).description())
			.isEqualTo("renamed");

		this.apiGateway.deleteDeployment((r) -> r.restApiId(apiId).deploymentId(first));
		assertThatThrownBy(() -> this.apiGateway.getDeployment((r) -> r.restApiId(apiId).deploymentId(first)))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Deployment identifier specified");
		assertThat(this.apiGateway.getDeployments((r) -> r.restApiId(apiId)).items()).extracting("id")
			.containsExactly(second);
	}

	@Test
	void deploymentJsonIsAwsShapeWithoutTheInternalSnapshot() {
		String apiId = storedApi("{}");
		String id = this.apiGateway.createDeployment((r) -> r.restApiId(apiId).description("d")).id();
		WebTestClient admin = signedAdminClient();
		admin.get()
			.uri("/restapis/" + apiId + "/deployments/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id").isEqualTo(id)
			.jsonPath("$.description").isEqualTo("d")
			.jsonPath("$.createdDate").isNumber()
			.jsonPath("$.api").doesNotExist()
			.jsonPath("$.resources").doesNotExist()
			.jsonPath("$.components").doesNotExist()
			.jsonPath("$.apiSummary").doesNotExist();
	}

	@Test
	void updateDeploymentRefusesOtherPaths() {
		String apiId = storedApi("{}");
		String id = this.apiGateway.createDeployment((r) -> r.restApiId(apiId)).id();
		assertThatThrownBy(() -> this.apiGateway.updateDeployment((r) -> r.restApiId(apiId)
			.deploymentId(id)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/id").value("other"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid patch path");
	}

	@Test
	void apiWithoutMethodsCannotBeDeployed() {
		ApiDefinition empty = TestApis.api(ModelIds.random());
		this.store.save(empty, ApiStore.ABSENT).block();
		assertThatThrownBy(() -> this.apiGateway.createDeployment((r) -> r.restApiId(empty.id()).stageName("prod")))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("The REST API doesn't contain any methods");
		assertThat(this.apiGateway.getStages((r) -> r.restApiId(empty.id())).item()).isEmpty();
	}

	@Test
	void unknownApiOrDeploymentIsNotFound() {
		assertThatThrownBy(() -> this.apiGateway.createDeployment((r) -> r.restApiId("nosuchapi0")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid API identifier specified");
		assertThatThrownBy(() -> this.apiGateway.getDeployments((r) -> r.restApiId("nosuchapi0")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid API identifier specified");
		String apiId = storedApi("{}");
		assertThatThrownBy(() -> this.apiGateway.getDeployment((r) -> r.restApiId(apiId).deploymentId("nosuch0000")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Deployment identifier specified");
		assertThatThrownBy(
				() -> this.apiGateway.deleteDeployment((r) -> r.restApiId(apiId).deploymentId("nosuch0000")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Deployment identifier specified");
	}

	@Test
	void deleteDeploymentIsRefusedWhileAStageOrItsCanaryServesIt() {
		String apiId = storedApi("{}");
		String base = this.apiGateway.createDeployment((r) -> r.restApiId(apiId).stageName("prod")).id();
		String canary = this.apiGateway.createDeployment((r) -> r.restApiId(apiId)
			.stageName("prod")
			.canarySettings((c) -> c.percentTraffic(10.0))).id();

		for (String id : new String[] { base, canary }) {
			assertThatThrownBy(() -> this.apiGateway.deleteDeployment((r) -> r.restApiId(apiId).deploymentId(id)))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Active stages pointing to this deployment must be moved or deleted");
		}
		this.apiGateway.updateStage((r) -> r.restApiId(apiId)
			.stageName("prod")
			.patchOperations((op) -> op.op(Op.REMOVE).path("/canarySettings")));
		this.apiGateway.deleteDeployment((r) -> r.restApiId(apiId).deploymentId(canary));
		this.apiGateway.deleteStage((r) -> r.restApiId(apiId).stageName("prod"));
		this.apiGateway.deleteDeployment((r) -> r.restApiId(apiId).deploymentId(base));
		assertThat(this.apiGateway.getDeployments((r) -> r.restApiId(apiId)).items()).isEmpty();
	}

	@Test
	void canaryDeploymentNeedsAnExistingStage() {
		String apiId = storedApi("{}");
		assertThatThrownBy(() -> this.apiGateway.createDeployment((r) -> r.restApiId(apiId)
			.canarySettings((c) -> c.percentTraffic(50.0))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid deployment content specified.Non null and non empty stageName must be "
					+ "provided for canary deployment. Provided value is null");
		assertThatThrownBy(() -> this.apiGateway.createDeployment((r) -> r.restApiId(apiId)
			.stageName("missing")
			.canarySettings((c) -> c.percentTraffic(50.0))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid deployment content specified.Stage missing must already be created before "
					+ "making a canary release deployment");
		assertThat(this.apiGateway.getDeployments((r) -> r.restApiId(apiId)).items())
			.as("a refused deployment leaves nothing behind")
			.isEmpty();
	}

}
