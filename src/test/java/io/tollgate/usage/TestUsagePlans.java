package io.tollgate.usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiKeySource;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Method;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.ModelIds;
import io.tollgate.model.RestApi;
import io.tollgate.model.Stage;
import io.tollgate.test.TestApis;
import org.jspecify.annotations.Nullable;

/** Fixtures for the data plane of usage plans: APIs with keyed methods, plans with their keys. */
public final class TestUsagePlans {

	/** What the keyed methods answer: the API key id of the request. */
	public static final String KEY_ID_TEMPLATE = "{\"keyId\": \"$context.identity.apiKeyId\"}";

	/** A rate so slow that no token comes back during a test. */
	public static final double NO_REFILL = 0.0001;

	private TestUsagePlans() {
	}

	/**
	 * An API deployed to stage {@code prod} with MOCK methods {@code GET /a}, {@code GET /b} (both
	 * {@code apiKeyRequired}) and {@code GET /open} (no key), and the given stage method settings.
	 */
	public static ApiDefinition keyedApi(String apiId, ApiKeySource source, Map<String, MethodSetting> settings) {
		ApiDefinition api = ApiDefinition.create(new RestApi(apiId, apiId + " API", null, null, null, source, null,
				null, null));
		api = TestApis.withMethod(api, "/a", keyed("GET"));
		api = TestApis.withMethod(api, "/b", keyed("GET"));
		api = TestApis.withMethod(api, "/open", TestApis.method("GET", TestApis.mock("{\"open\": true}")));
		api = TestApis.deploy(api, "d1", "prod", Map.of());
		Stage stage = api.stages().get("prod");
		return api.withStage(new Stage("prod", stage.deploymentId(), null, null, settings, false, null, null, false,
				null, null, null, null));
	}

	public static ApiDefinition keyedApi(String apiId) {
		return keyedApi(apiId, ApiKeySource.HEADER, Map.of());
	}

	public static Method keyed(String verb) {
		return new Method(verb, AuthorizationType.NONE, null, true, null, null, null, null, null, null,
				TestApis.mock(KEY_ID_TEMPLATE));
	}

	public static MethodSetting throttling(int burst, double rate) {
		return new MethodSetting(null, null, null, burst, rate, null, null, null, null, null);
	}

	public static ApiKey key(boolean enabled) {
		Instant now = Instant.now();
		return new ApiKey(ModelIds.random(), ApiKey.generateValue(), "key", null, enabled, null, now, now, null, null);
	}

	public static UsagePlan plan(String apiId, @Nullable ThrottleSettings throttle, @Nullable QuotaSettings quota,
			Map<String, ThrottleSettings> methodThrottles) {
		return new UsagePlan(ModelIds.random(), "plan", null,
				List.of(new ApiStage(apiId, "prod", methodThrottles)), throttle, quota, null, null);
	}

	/** Stores the plan and a new key in it; returns the key. */
	public static ApiKey keyInPlan(UsageStore store, UsagePlan plan) {
		ApiKey key = key(true);
		store.createApiKey(key).block();
		store.createUsagePlan(plan).block();
		store.createUsagePlanKey(plan.id(), key.id()).block();
		return key;
	}

}
