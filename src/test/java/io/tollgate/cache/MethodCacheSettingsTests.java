package io.tollgate.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.CanarySettings;
import io.tollgate.model.Integration;
import io.tollgate.model.Method;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Resource;
import io.tollgate.model.Stage;
import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.test.TestApis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MethodCacheSettingsTests {

	@Test
	void getIsCachedForFiveMinutesWhenTheStageCacheIsEnabled() {
		MethodCacheSettings settings = MethodCacheSettings.of(deployed("GET", stage(true, Map.of()), false));
		assertThat(settings).isNotNull();
		assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(300));
		assertThat(settings.requireAuthorization()).isTrue();
		assertThat(settings.unauthorizedStrategy())
			.isEqualTo(UnauthorizedCacheControlHeaderStrategy.SUCCEED_WITH_RESPONSE_HEADER);
	}

	@Test
	void nothingIsCachedWithoutTheStageCacheCluster() {
		assertThat(MethodCacheSettings.of(deployed("GET", stage(false, Map.of()), false))).isNull();
	}

	@Test
	void otherVerbsNeedTheirOwnMethodSetting() {
		assertThat(MethodCacheSettings.of(deployed("POST", stage(true, Map.of()), false))).isNull();
		assertThat(MethodCacheSettings.of(deployed("POST",
				stage(true, Map.of(MethodSetting.ALL_METHODS, caching(true, null))), false)))
			.isNull();
		MethodCacheSettings own = MethodCacheSettings
			.of(deployed("POST", stage(true, Map.of("pets/{petId}/POST", caching(true, null))), false));
		assertThat(own).isNotNull();
		assertThat(own.onlyGet()).isFalse();
	}

	@Test
	void methodSettingFieldsInheritFromTheStageWideSetting() {
		Stage stage = stage(true, Map.of(MethodSetting.ALL_METHODS,
				new MethodSetting(null, null, null, null, null, null, 42, null, false, "FAIL_WITH_403"),
				"pets/{petId}/GET", caching(true, null)));
		MethodCacheSettings settings = MethodCacheSettings.of(deployed("GET", stage, false));
		assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(42));
		assertThat(settings.requireAuthorization()).isFalse();
		assertThat(settings.unauthorizedStrategy()).isEqualTo(UnauthorizedCacheControlHeaderStrategy.FAIL_WITH_403);
	}

	@Test
	void ttlOfZeroOrCachingDisabledTurnsCachingOff() {
		assertThat(MethodCacheSettings
			.of(deployed("GET", stage(true, Map.of(MethodSetting.ALL_METHODS, caching(null, 0))), false))).isNull();
		assertThat(MethodCacheSettings
			.of(deployed("GET", stage(true, Map.of("pets/{petId}/GET", caching(false, null))), false))).isNull();
	}

	@Test
	void canaryUsesTheStageCacheOnlyWhenItsSettingsSaySo() {
		Stage without = stage(true, Map.of()).withCanarySettings(new CanarySettings("d2", 10.0, null, false));
		assertThat(MethodCacheSettings.of(deployed("GET", without, true))).isNull();
		Stage with = stage(true, Map.of()).withCanarySettings(new CanarySettings("d2", 10.0, null, true));
		assertThat(MethodCacheSettings.of(deployed("GET", with, true)).deploymentId()).isEqualTo("d1");
	}

	static MethodSetting caching(Boolean enabled, Integer ttl) {
		return new MethodSetting(null, null, null, null, null, enabled, ttl, null, null, null);
	}

	static Stage stage(boolean cacheClusterEnabled, Map<String, MethodSetting> settings) {
		return new Stage("prod", "d1", null, null, settings, cacheClusterEnabled, "0.5", null, false, null, null, null,
				null);
	}

	static DeployedMethod deployed(String verb, Stage stage, boolean canary) {
		return deployed(verb, stage, canary, TestApis.mock("{}"));
	}

	static DeployedMethod deployed(String verb, Stage stage, boolean canary, Integration integration) {
		ApiDefinition api = TestApis.withMethod(TestApis.api("api1"), "/pets/{petId}",
				TestApis.method(verb, integration));
		Resource resource = api.resourceByPath("/pets/{petId}").orElseThrow();
		Method method = resource.resourceMethods().get(verb);
		return DeployedMethod.inStage(api.restApi(), canary ? "d2" : "d1", canary, resource, method,
				ApiComponents.EMPTY, stage);
	}

	static Integration keyed(List<String> cacheKeyParameters, Map<String, String> requestParameters) {
		return new Integration(io.tollgate.model.IntegrationType.HTTP_PROXY, "GET", "http://backend/{petId}", null,
				null, requestParameters, null, null, null, null, "ns1", cacheKeyParameters, null);
	}

}
