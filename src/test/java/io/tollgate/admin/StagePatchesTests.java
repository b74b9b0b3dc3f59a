package io.tollgate.admin;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.CanarySettings;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Stage;
import io.tollgate.test.TestApis;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.mock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StagePatchesTests {

	private final ApiDefinition api = TestApis
		.deploy(TestApis.withMethod(TestApis.api("shop"), "/a/b", method("GET", mock("{}"))), "d1", "prod",
				Map.of("color", "blue"))
		.withDeployment("d2", null);

	private Stage prod() {
		return this.api.stages().get("prod");
	}

	private static PatchRequest.Operation op(String op, String path, @Nullable String value) {
		return new PatchRequest.Operation(op, path, value, null);
	}

	private Stage apply(Stage stage, PatchRequest.Operation... operations) {
		return StagePatches.apply(this.api, stage, Arrays.asList(operations));
	}

	@Nested
	class MethodSettings {

		@Test
		void wildcardStartsFromAwsDefaultsAndKeepsLaterValues() {
			Stage stage = apply(prod(), op("replace", "/*/*/throttling/rateLimit", "50.5"));
			assertThat(stage.methodSettings().get("*/*")).isEqualTo(new MethodSetting(false, null, false, 5000, 50.5,
					false, 300, false, true, "SUCCEED_WITH_RESPONSE_HEADER"));
			stage = apply(stage, op("replace", "/*/*/caching/unauthorizedCacheControlHeaderStrategy", "FAIL_WITH_403"),
					op("replace", "/*/*/logging/loglevel", "error"));
			assertThat(stage.methodSettings().get("*/*").throttlingRateLimit()).isEqualTo(50.5);
			assertThat(stage.methodSettings().get("*/*").unauthorizedCacheControlHeaderStrategy())
				.isEqualTo("FAIL_WITH_403");
			assertThat(stage.methodSettings().get("*/*").loggingLevel()).isEqualTo("ERROR");
		}

		@Test
		void resourcePathWithEscapedSlashesIsKeyedWithoutItsLeadingSlash() {
			Stage stage = apply(prod(), op("replace", "/~1a~1b/GET/throttling/burstLimit", "7"),
					op("replace", "/~1/POST/metrics/enabled", "true"));
			assertThat(stage.methodSettings()).containsOnlyKeys("a/b/GET", "/POST");
			assertThat(stage.methodSettings().get("a/b/GET").throttlingBurstLimit()).isEqualTo(7);
		}

		@Test
		void aMethodsSettingStartsFromTheValuesInEffectForIt() {
			Stage stage = apply(prod(), op("replace", "/*/*/throttling/rateLimit", "50"),
					op("replace", "/~1a/GET/caching/enabled", "true"));
			assertThat(stage.methodSettings().get("a/GET"))
				.isEqualTo(new MethodSetting(false, null, false, 5000, 50.0, true, 300, false, true,
						"SUCCEED_WITH_RESPONSE_HEADER"));
		}

		@Test
		void minusOneDropsAMethodsThrottlingOverrideAndResetsTheWildcardToTheAccountDefault() {
			Stage stage = apply(prod(), op("replace", "/~1a~1b/GET/throttling/rateLimit", "5"),
					op("replace", "/*/*/throttling/rateLimit", "5"));
			stage = apply(stage, op("replace", "/~1a~1b/GET/throttling/rateLimit", "-1"),
					op("replace", "/*/*/throttling/rateLimit", "-1"));
			assertThat(stage.methodSettings().get("a/b/GET").throttlingRateLimit()).isNull();
			assertThat(stage.methodSettings().get("*/*").throttlingRateLimit()).isEqualTo(10000.0);
		}

		@Test
		void singleFieldsCannotBeRemoved() {
			Stage stage = apply(prod(), op("replace", "/*/*/metrics/enabled", "true"));
			assertThatThrownBy(() -> apply(stage, op("remove", "/*/*/metrics/enabled", null)))
				.isInstanceOf(ApiModelException.BadRequest.class)
				.hasMessage("Cannot remove method setting */*/metrics/enabled because there is no method setting "
						+ "for this method ");
			assertThat(apply(stage, op("remove", "/*/*", null)).methodSettings()).isEmpty();
		}

		@Test
		void badValuesAreBadRequests() {
			assertThatThrownBy(() -> apply(prod(), op("replace", "/*/*/caching/enabled", "yes")))
				.isInstanceOf(ApiModelException.BadRequest.class);
			assertThatThrownBy(() -> apply(prod(), op("replace", "/*/*/caching/ttlInSeconds", "3601")))
				.isInstanceOf(ApiModelException.BadRequest.class);
			assertThatThrownBy(() -> apply(prod(), op("replace", "/*/*/logging/loglevel", "DEBUG")))
				.isInstanceOf(ApiModelException.BadRequest.class);
			assertThatThrownBy(() -> apply(prod(), op("replace", "/~1a~1b/FETCH/metrics/enabled", "true")))
				.isInstanceOf(ApiModelException.BadRequest.class)
				.hasMessageStartingWith("Invalid method setting path: /~1a~1b/FETCH/metrics/enabled. Must be one of: ");
		}

	}

	@Nested
	class Canary {

		@Test
		void replacingACanaryFieldCreatesTheCanaryOnTheStagesDeployment() {
			Stage stage = apply(prod(), op("replace", "/canarySettings/percentTraffic", "25"));
			assertThat(stage.canarySettings()).isEqualTo(new CanarySettings("d1", 25.0, null, false));
		}

		@Test
		void promotionCopiesAreAppliedInOrder() {
			Stage withCanary = prod().withCanarySettings(new CanarySettings("d2", 10.0, Map.of("color", "red"), false));
			Stage promoted = apply(withCanary, op("replace", "/canarySettings/percentTraffic", "0"),
					new PatchRequest.Operation("copy", "/deploymentId", null, "/canarySettings/deploymentId"),
					new PatchRequest.Operation("copy", "/variables", null, "/canarySettings/stageVariableOverrides"));
			assertThat(promoted.deploymentId()).isEqualTo("d2");
			assertThat(promoted.variables()).containsExactly(Map.entry("color", "red"));
			assertThat(promoted.canarySettings())
				.isEqualTo(new CanarySettings("d2", 0.0, Map.of("color", "red"), false));
		}

		@Test
		void onlyThePromotionCopiesAreAccepted() {
			assertThatThrownBy(() -> apply(prod(),
					new PatchRequest.Operation("copy", "/canarySettings/stageVariableOverrides", null, "/variables")))
				.isInstanceOf(ApiModelException.BadRequest.class)
				.hasMessage("Invalid copy operation with path: /canarySettings/stageVariableOverrides and from "
						+ "/variables. Valid copy:path are [/deploymentId, /variables] and valid copy:from are "
						+ "[/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]");
		}

		@Test
		void canaryPathsOutsideAwsListAreRefused() {
			assertThatThrownBy(() -> apply(prod(), op("replace", "/canarySettings", "x")))
				.hasMessageStartingWith("Invalid method setting path: /canarySettings. Must be one of: ");
			assertThatThrownBy(() -> apply(prod(), op("replace", "/canarySettings/badPath", "x")))
				.hasMessageStartingWith("Invalid method setting path: /canarySettings/badPath. Must be one of: ");
			assertThatThrownBy(() -> apply(prod(), op("remove", "/canarySettings/badPath", null)))
				.hasMessage("Cannot remove method setting canarySettings/badPath because there is no method setting "
						+ "for this method ");
			assertThatThrownBy(() -> apply(prod(), op("replace", "/canarySettings/percentTraffic", "101")))
				.isInstanceOf(ApiModelException.BadRequest.class);
		}

	}

	@Test
	void stageFieldsAndAccessLogSettingsArePatched() {
		Stage stage = apply(prod(), op("replace", "/description", "d"), op("add", "/variables/size", "L"),
				op("replace", "/tracingEnabled", "true"), op("replace", "/cacheClusterEnabled", "true"),
				op("replace", "/accessLogSettings/format", "$context.requestId"),
				op("replace", "/accessLogSettings/destinationArn", "arn:aws:logs:us-east-1:1:log-group:x"));
		assertThat(stage.description()).isEqualTo("d");
		assertThat(stage.variables()).containsOnly(Map.entry("color", "blue"), Map.entry("size", "L"));
		assertThat(stage.tracingEnabled()).isTrue();
		assertThat(stage.cacheClusterEnabled()).isTrue();
		assertThat(stage.cacheClusterSize()).isEqualTo("0.5");
		assertThat(stage.accessLogSettings().format()).isEqualTo("$context.requestId");
		Stage cleared = apply(stage, op("remove", "/description", null), op("remove", "/accessLogSettings", null));
		assertThat(cleared.description()).isNull();
		assertThat(cleared.accessLogSettings()).isNull();
	}

	@Test
	void aRefusedOperationRefusesTheWholeUpdate() {
		Stage before = prod();
		List<PatchRequest.Operation> operations = List.of(op("replace", "/variables/color", "red"),
				op("replace", "/deploymentId", "nosuch"));
		assertThatThrownBy(() -> StagePatches.apply(this.api, before, operations))
			.hasMessage("Deployment id does not exist");
		assertThat(before.variables()).containsExactly(Map.entry("color", "blue"));
	}

}
