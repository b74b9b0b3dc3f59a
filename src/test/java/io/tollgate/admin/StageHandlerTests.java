package io.tollgate.admin;

import java.time.Duration;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Method;
import io.tollgate.model.ModelIds;
import io.tollgate.store.ApiStore;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestBackend;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.CacheClusterStatus;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateStageResponse;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;
import software.amazon.awssdk.services.apigateway.model.MethodSetting;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;
import software.amazon.awssdk.services.apigateway.model.UnauthorizedCacheControlHeaderStrategy;
import software.amazon.awssdk.services.apigateway.model.UpdateStageResponse;

import org.springframework.test.web.reactive.server.WebTestClient;

import static io.tollgate.test.TestApis.httpProxy;
import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StageHandlerTests extends BaseAdminTests {

	@RegisterExtension
	static final TestBackend blue = new TestBackend();

	@RegisterExtension
	static final TestBackend green = new TestBackend();

	/** Stores an API with {@code GET /hello} calling the method, as the resource endpoints would. */
	private String storedApi(Method hello) {
		ApiDefinition api = withMethod(TestApis.api(ModelIds.random()), "/hello", hello);
		this.store.save(api.withVersion(0), ApiStore.ABSENT).block();
		return api.id();
	}

	private String storedMockApi(String template) {
		return storedApi(method("GET", mock(template)));
	}

	private void changeTemplate(String apiId, String template) {
		this.store.update(apiId, (api) -> withMethod(api, "/hello", method("GET", mock(template)))).block();
	}

	private String deploy(String apiId, String stageName) {
		return this.apiGateway.createDeployment((r) -> r.restApiId(apiId).stageName(stageName)).id();
	}

	private UpdateStageResponse patch(String apiId, String stageName, PatchOperation... operations) {
		return this.apiGateway.updateStage((r) -> r.restApiId(apiId).stageName(stageName).patchOperations(operations));
	}

	private static PatchOperation replace(String path, String value) {
		return PatchOperation.builder().op(Op.REPLACE).path(path).value(value).build();
	}

	private static PatchOperation remove(String path) {
		return PatchOperation.builder().op(Op.REMOVE).path(path).build();
	}

	private static PatchOperation copy(String from, String path) {
		return PatchOperation.builder().op(Op.COPY).from(from).path(path).build();
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

	@Nested
	class Crud {

		@Test
		void createGetListAndDeleteAStageThroughTheAwsSdk() {
			String apiId = storedMockApi("{\"stage\": \"$context.stage\"}");
			String deploymentId = apiGateway.createDeployment((r) -> r.restApiId(apiId)).id();
			CreateStageResponse created = apiGateway.createStage((r) -> r.restApiId(apiId)
				.stageName("dev")
				.deploymentId(deploymentId)
				.description("development")
				.variables(Map.of("color", "blue"))
				.tracingEnabled(true)
				.tags(Map.of("team", "orders")));
			assertThat(created.stageName()).isEqualTo("dev");
			assertThat(created.deploymentId()).isEqualTo(deploymentId);
			assertThat(created.description()).isEqualTo("development");
			assertThat(created.variables()).containsExactly(Map.entry("color", "blue"));
			assertThat(created.tracingEnabled()).isTrue();
			assertThat(created.tags()).containsExactly(Map.entry("team", "orders"));
			assertThat(created.cacheClusterEnabled()).isFalse();
			assertThat(created.cacheClusterStatus()).isEqualTo(CacheClusterStatus.NOT_AVAILABLE);
			assertThat(created.methodSettings()).isEmpty();
			assertThat(created.canarySettings()).isNull();
			assertThat(created.createdDate()).isNotNull();
			assertThat(created.lastUpdatedDate()).isNotNull();
			awaitServed(apiId, "dev", "{\"stage\": \"dev\"}");

			assertThat(apiGateway.getStage((r) -> r.restApiId(apiId).stageName("dev")).variables())
				.containsExactly(Map.entry("color", "blue"));
			assertThat(apiGateway.getStages((r) -> r.restApiId(apiId)).item()).extracting("stageName")
				.containsExactly("dev");
			assertThat(apiGateway.getStages((r) -> r.restApiId(apiId).deploymentId("other00000")).item()).isEmpty();

			apiGateway.deleteStage((r) -> r.restApiId(apiId).stageName("dev"));
			assertThatThrownBy(() -> apiGateway.getStage((r) -> r.restApiId(apiId).stageName("dev")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Stage identifier specified");
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> client.get()
					.uri("/restapis/" + apiId + "/dev/_user_request_/hello")
					.exchange()
					.expectStatus()
					.is4xxClientError());
		}

		@Test
		void stageJsonAlwaysCarriesMethodSettingsAndCacheClusterStatus() {
			String apiId = storedMockApi("{}");
			deploy(apiId, "prod");
			signedAdminClient()
				.get()
				.uri("/restapis/" + apiId + "/stages/prod")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.methodSettings").isMap()
				.jsonPath("$.cacheClusterStatus").isEqualTo("NOT_AVAILABLE")
				.jsonPath("$.cacheClusterEnabled").isEqualTo(false)
				.jsonPath("$.tracingEnabled").isEqualTo(false)
				.jsonPath("$.variables").doesNotExist();
		}

		@Test
		void enabledCacheClusterIsAvailableWithAwsDefaultSize() {
			String apiId = storedMockApi("{}");
			String deploymentId = apiGateway.createDeployment((r) -> r.restApiId(apiId)).id();
			CreateStageResponse created = apiGateway.createStage(
					(r) -> r.restApiId(apiId).stageName("cached").deploymentId(deploymentId).cacheClusterEnabled(true));
			assertThat(created.cacheClusterStatus()).isEqualTo(CacheClusterStatus.AVAILABLE);
			assertThat(created.cacheClusterSize()).isEqualTo("0.5");

			UpdateStageResponse updated = patch(apiId, "cached", replace("/cacheClusterSize", "6.1"),
					replace("/cacheClusterEnabled", "false"));
			assertThat(updated.cacheClusterStatus()).isEqualTo(CacheClusterStatus.NOT_AVAILABLE);
			assertThat(updated.cacheClusterSize()).isEqualTo("6.1");
			assertThatThrownBy(() -> patch(apiId, "cached", replace("/cacheClusterSize", "7")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid cache cluster size");
		}

		@Test
		void createStageRefusesAnUnknownDeploymentAndAnExistingStage() {
			String apiId = storedMockApi("{}");
			String deploymentId = deploy(apiId, "prod");
			assertThatThrownBy(() -> apiGateway
				.createStage((r) -> r.restApiId(apiId).stageName("prod").deploymentId(deploymentId)))
				.isInstanceOf(ConflictException.class)
				.hasMessageContaining("Stage already exists");
			assertThatThrownBy(() -> apiGateway
				.createStage((r) -> r.restApiId(apiId).stageName("dev").deploymentId("nosuch0000")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Deployment id does not exist");
			assertThatThrownBy(() -> apiGateway.createStage((r) -> r.restApiId(apiId)
				.stageName("dev")
				.deploymentId(deploymentId)
				.canarySettings((c) -> c.deploymentId("nosuch0000"))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Deployment id does not exist");
			assertThatThrownBy(() -> apiGateway
				.createStage((r) -> r.restApiId("nosuchapi0").stageName("dev").deploymentId(deploymentId)))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid API identifier specified");
		}

		@Test
		void unknownStageIsNotFoundForEveryOperation() {
			String apiId = storedMockApi("{}");
			String message = "Invalid Stage identifier specified";
			assertThatThrownBy(() -> apiGateway.getStage((r) -> r.restApiId(apiId).stageName("nope")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining(message);
			assertThatThrownBy(() -> patch(apiId, "nope", replace("/description", "x")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining(message);
			assertThatThrownBy(() -> apiGateway.deleteStage((r) -> r.restApiId(apiId).stageName("nope")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining(message);
			assertThatThrownBy(() -> apiGateway.flushStageCache((r) -> r.restApiId(apiId).stageName("nope")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining(message);
			assertThatThrownBy(
					() -> apiGateway.flushStageAuthorizersCache((r) -> r.restApiId(apiId).stageName("nope")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining(message);
		}

		@Test
		void flushingTheStageCachesIsAccepted() {
			String apiId = storedMockApi("{}");
			deploy(apiId, "prod");
			assertThat(apiGateway.flushStageCache((r) -> r.restApiId(apiId).stageName("prod"))
				.sdkHttpResponse()
				.statusCode()).isEqualTo(202);
			assertThat(apiGateway.flushStageAuthorizersCache((r) -> r.restApiId(apiId).stageName("prod"))
				.sdkHttpResponse()
				.statusCode()).isEqualTo(202);
		}

	}

	@Nested
	class Variables {

		@Test
		void updateStageVariableChangesWhatAMockTemplateRenders() {
			String apiId = storedMockApi("{\"color\": \"$stageVariables.color\", \"size\": \"$stageVariables.size\"}");
			apiGateway.createDeployment((r) -> r.restApiId(apiId)
				.stageName("prod")
				.variables(Map.of("color", "blue", "size", "small")));
			awaitServed(apiId, "prod", "{\"color\": \"blue\", \"size\": \"small\"}");

			UpdateStageResponse updated = patch(apiId, "prod", replace("/variables/color", "green"),
					remove("/variables/size"), replace("/description", "greener"));
			assertThat(updated.variables()).containsExactly(Map.entry("color", "green"));
			assertThat(updated.description()).isEqualTo("greener");
			awaitServed(apiId, "prod", "{\"color\": \"green\", \"size\": \"\"}");
		}

		@Test
		void updateStageVariableRepointsTheHttpProxyBackend() {
			String apiId = storedApi(method("GET", httpProxy("GET", "${stageVariables.backend}/echo", null, Map.of())));
			apiGateway.createDeployment(
					(r) -> r.restApiId(apiId).stageName("prod").variables(Map.of("backend", blue.url())));
			awaitServed(apiId, "prod", "\"path\":\"/echo\"");
			int blueRequests = blue.requestCount();
			assertThat(blueRequests).isPositive();

			patch(apiId, "prod", replace("/variables/backend", green.url()));
			Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
				invoke(apiId, "prod");
				return green.requestCount() > 0;
			});
			int blueAfterSwitch = blue.requestCount();
			for (int i = 0; i < 5; i++) {
				assertThat(invoke(apiId, "prod")).contains("\"path\":\"/echo\"");
			}
			assertThat(blue.requestCount()).isEqualTo(blueAfterSwitch);
		}

		@Test
		void redeployingWithVariablesReplacesThem() {
			String apiId = storedMockApi("{\"a\": \"$stageVariables.a\", \"b\": \"$stageVariables.b\"}");
			apiGateway.createDeployment((r) -> r.restApiId(apiId).stageName("prod").variables(Map.of("a", "1")));
			apiGateway.createDeployment((r) -> r.restApiId(apiId).stageName("prod").variables(Map.of("b", "2")));
			assertThat(apiGateway.getStage((r) -> r.restApiId(apiId).stageName("prod")).variables())
				.containsExactly(Map.entry("b", "2"));
			awaitServed(apiId, "prod", "{\"a\": \"\", \"b\": \"2\"}");
		}

		@Test
		void updateStageDeploymentIdRollsBack() {
			String apiId = storedMockApi("{\"version\": \"one\"}");
			String first = deploy(apiId, "prod");
			changeTemplate(apiId, "{\"version\": \"two\"}");
			deploy(apiId, "prod");
			awaitServed(apiId, "prod", "two");

			assertThat(patch(apiId, "prod", replace("/deploymentId", first)).deploymentId()).isEqualTo(first);
			awaitServed(apiId, "prod", "one");
			assertThatThrownBy(() -> patch(apiId, "prod", replace("/deploymentId", "nosuch0000")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Deployment id does not exist");
		}

	}

	@Nested
	class MethodSettings {

		@Test
		void firstWildcardPatchMaterialisesAwsDefaults() {
			String apiId = storedMockApi("{}");
			deploy(apiId, "prod");
			UpdateStageResponse updated = patch(apiId, "prod", replace("/*/*/throttling/burstLimit", "123"),
					replace("/*/*/caching/enabled", "true"), replace("/tracingEnabled", "true"));
			MethodSetting all = updated.methodSettings().get("*/*");
			assertThat(all.throttlingBurstLimit()).isEqualTo(123);
			assertThat(all.throttlingRateLimit()).isEqualTo(10000.0);
			assertThat(all.cachingEnabled()).isTrue();
			assertThat(all.cacheTtlInSeconds()).isEqualTo(300);
			assertThat(all.cacheDataEncrypted()).isFalse();
			assertThat(all.requireAuthorizationForCacheControl()).isTrue();
			assertThat(all.unauthorizedCacheControlHeaderStrategy())
				.isEqualTo(UnauthorizedCacheControlHeaderStrategy.SUCCEED_WITH_RESPONSE_HEADER);
			assertThat(all.metricsEnabled()).isFalse();
			assertThat(all.dataTraceEnabled()).isFalse();
			assertThat(updated.tracingEnabled()).isTrue();

			MethodSetting again = patch(apiId, "prod", replace("/*/*/throttling/burstLimit", "100"))
				.methodSettings()
				.get("*/*");
			assertThat(again.throttlingBurstLimit()).isEqualTo(100);
			assertThat(again.cachingEnabled()).as("later patches keep what earlier ones set").isTrue();
		}

		@Test
		void methodSettingOfOneMethodIsKeyedByItsPath() {
			String apiId = storedMockApi("{}");
			deploy(apiId, "prod");
			patch(apiId, "prod", replace("/~1hello/GET/caching/ttlInSeconds", "60"),
					replace("/~1hello/GET/logging/loglevel", "INFO"), replace("/~1hello/GET/metrics/enabled", "true"));
			GetStageResponse stage = apiGateway.getStage((r) -> r.restApiId(apiId).stageName("prod"));
			MethodSetting hello = stage.methodSettings().get("hello/GET");
			assertThat(hello.cacheTtlInSeconds()).isEqualTo(60);
			assertThat(hello.loggingLevel()).isEqualTo("INFO");
			assertThat(hello.metricsEnabled()).isTrue();
			// As on AWS, the other fields are filled with the defaults.
			assertThat(hello.throttlingRateLimit()).isEqualTo(10000.0);
			assertThat(hello.throttlingBurstLimit()).isEqualTo(5000);
			assertThat(hello.cachingEnabled()).isFalse();
			assertThat(hello.cacheDataEncrypted()).isFalse();
			assertThat(hello.dataTraceEnabled()).isFalse();
			assertThat(hello.requireAuthorizationForCacheControl()).isTrue();
			assertThat(hello.unauthorizedCacheControlHeaderStrategy())
				.isEqualTo(UnauthorizedCacheControlHeaderStrategy.SUCCEED_WITH_RESPONSE_HEADER);

			UpdateStageResponse removed = patch(apiId, "prod", remove("/~1hello/GET"));
			assertThat(removed.methodSettings()).isEmpty();
			assertThatThrownBy(() -> patch(apiId, "prod", remove("/*/*")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Cannot remove method setting */* because there is no method setting for this "
						+ "method");
		}

		@Test
		void invalidPathIsRefusedWithAwsMessage() {
			String apiId = storedMockApi("{}");
			deploy(apiId, "prod");
			assertThatThrownBy(() -> patch(apiId, "prod", replace("/tags/tag1", "x")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid method setting path: /tags/tag1. Must be one of: [/deploymentId, "
						+ "/description, /cacheClusterEnabled,");
			assertThatThrownBy(() -> patch(apiId, "prod", replace("/*/*/throttling/nonsense", "1")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid method setting path: /*/*/throttling/nonsense");
		}

		@Test
		void emptyAccessLogDestinationOrFormatIsABadRequest() {
			String apiId = storedMockApi("{}");
			deploy(apiId, "prod");
			assertThatThrownBy(() -> patch(apiId, "prod", replace("/accessLogSettings/destinationArn", "")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageStartingWith("Invalid ARN specified in the request.");
			assertThatThrownBy(() -> patch(apiId, "prod", replace("/accessLogSettings/format", "")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageStartingWith("Access Log format must include either $context.requestId or "
						+ "$context.extendedRequestId");
			assertThat(apiGateway.getStage((r) -> r.restApiId(apiId).stageName("prod")).accessLogSettings()).isNull();
		}

	}

	@Nested
	class Canary {

		private String stageWithCanary(String apiId) {
			apiGateway.createDeployment((r) -> r.restApiId(apiId)
				.stageName("prod")
				.variables(Map.of("testVar", "default", "defaultVar", "default")));
			awaitServed(apiId, "prod", "\"version\": \"one\"");
			changeTemplate(apiId, "{\"version\": \"two\", \"var\": \"$stageVariables.testVar\", "
					+ "\"other\": \"$stageVariables.defaultVar\", \"canary\": \"$context.isCanaryRequest\"}");
			return apiGateway.createDeployment((r) -> r.restApiId(apiId)
				.stageName("prod")
				.canarySettings((c) -> c.percentTraffic(100.0)
					.stageVariableOverrides(Map.of("testVar", "canary", "noStageVar", "canary")))).id();
		}

		private String canaryApi() {
			return storedMockApi("{\"version\": \"one\", \"var\": \"$stageVariables.testVar\", "
					+ "\"other\": \"$stageVariables.defaultVar\", \"canary\": \"$context.isCanaryRequest\"}");
		}

		@Test
		void canaryCreatedByDeploymentTakesAllThenNoTraffic() {
			String apiId = canaryApi();
			String canary = stageWithCanary(apiId);
			GetStageResponse stage = apiGateway.getStage((r) -> r.restApiId(apiId).stageName("prod"));
			assertThat(stage.canarySettings().deploymentId()).isEqualTo(canary);
			assertThat(stage.canarySettings().percentTraffic()).isEqualTo(100.0);
			assertThat(stage.canarySettings().useStageCache()).isFalse();
			assertThat(stage.deploymentId()).isNotEqualTo(canary);
			awaitServed(apiId, "prod",
					"{\"version\": \"two\", \"var\": \"canary\", \"other\": \"default\", \"canary\": \"true\"}");

			patch(apiId, "prod", replace("/canarySettings/percentTraffic", "0.0"));
			awaitServed(apiId, "prod",
					"{\"version\": \"one\", \"var\": \"default\", \"other\": \"default\", \"canary\": \"false\"}");
			for (int i = 0; i < 20; i++) {
				assertThat(invoke(apiId, "prod")).contains("\"version\": \"one\"");
			}
		}

		@Test
		void promotionCopiesTheCanarysDeploymentAndOverrides() {
			String apiId = canaryApi();
			String canary = stageWithCanary(apiId);
			UpdateStageResponse promoted = patch(apiId, "prod", replace("/canarySettings/percentTraffic", "0.0"),
					copy("/canarySettings/deploymentId", "/deploymentId"),
					copy("/canarySettings/stageVariableOverrides", "/variables"));
			assertThat(promoted.deploymentId()).isEqualTo(canary);
			assertThat(promoted.variables()).containsOnly(Map.entry("testVar", "canary"),
					Map.entry("defaultVar", "default"), Map.entry("noStageVar", "canary"));
			assertThat(promoted.canarySettings().deploymentId()).isEqualTo(canary);
			assertThat(promoted.canarySettings().percentTraffic()).isZero();
			awaitServed(apiId, "prod",
					"{\"version\": \"two\", \"var\": \"canary\", \"other\": \"default\", \"canary\": \"false\"}");

			UpdateStageResponse withoutCanary = patch(apiId, "prod", remove("/canarySettings"));
			assertThat(withoutCanary.canarySettings()).isNull();
			awaitServed(apiId, "prod", "\"canary\": \"\"");
		}

		@Test
		void canaryPathsFollowAwsRules() {
			String apiId = canaryApi();
			String first = deploy(apiId, "prod");
			String second = apiGateway.createDeployment((r) -> r.restApiId(apiId)).id();
			assertThatThrownBy(() -> patch(apiId, "prod", copy("/canarySettings/deploymentId", "/deploymentId")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Promotion not available. Canary does not exist.");
			assertThatThrownBy(() -> patch(apiId, "prod", PatchOperation.builder()
				.op(Op.ADD)
				.path("/canarySettings/deploymentId")
				.value(second)
				.build()))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid add operation with path: /canarySettings/deploymentId");
			assertThatThrownBy(() -> patch(apiId, "prod", replace("/canarySettings/deploymentId", "nosuch0000")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Deployment id does not exist");

			UpdateStageResponse created = patch(apiId, "prod", replace("/canarySettings/deploymentId", second),
					replace("/canarySettings/stageVariableOverrides/testVar", "canary"),
					replace("/canarySettings/useStageCache", "true"));
			assertThat(created.deploymentId()).isEqualTo(first);
			assertThat(created.canarySettings().deploymentId()).isEqualTo(second);
			assertThat(created.canarySettings().percentTraffic()).isZero();
			assertThat(created.canarySettings().useStageCache()).isTrue();
			assertThat(created.canarySettings().stageVariableOverrides())
				.containsExactly(Map.entry("testVar", "canary"));

			assertThat(patch(apiId, "prod", remove("/canarySettings/stageVariableOverrides/testVar")).canarySettings()
				.stageVariableOverrides()).isEmpty();
			assertThatThrownBy(() -> patch(apiId, "prod", remove("/canarySettings/stageVariableOverrides")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Cannot remove method setting canarySettings/stageVariableOverrides because "
						+ "there is no method setting for this method");
		}

	}

}
