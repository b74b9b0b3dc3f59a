package io.tollgate.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tollgate.usage.UsageLimiter.LimitRequest;
import io.tollgate.usage.UsageLimiter.QuotaCount;
import io.tollgate.usage.UsageLimiter.Throttle;
import org.jspecify.annotations.Nullable;

/**
 * Which throttles and quota apply to a request of one method, in AWS's order: the usage plan's throttle of the
 * request's API key (the plan's method throttle for this method, else its {@code /*}{@code /*} one, when the plan
 * has method throttles for the stage; else the plan's own), then the stage's method setting; then the plan's quota.
 * The gateway-wide throttle is not among them: it is local, and checked before.
 */
final class ThrottleSelection {

	private final String apiId;

	private final String stage;

	/** The key of this method among a plan's method throttles: {@code /pets/GET}. */
	private final String methodKey;

	/** This method's part of bucket ids: {@code {apiId}:{stage}:{VERB}{resourcePath}}. */
	private final String methodId;

	private final @Nullable Throttle stageThrottle;

	/** @param stageSettings the stage's throttle for the method, {@code null} for none */
	ThrottleSelection(String apiId, String stage, String resourcePath, String httpMethod,
			@Nullable ThrottleSettings stageSettings) {
		this.apiId = apiId;
		this.stage = stage;
		this.methodKey = resourcePath + "/" + httpMethod;
		this.methodId = apiId + ":" + stage + ":" + httpMethod + resourcePath;
		this.stageThrottle = (stageSettings != null)
				? new Throttle("stage_method", "stage:" + this.methodId, stageSettings) : null;
	}

	String methodId() {
		return this.methodId;
	}

	@Nullable ThrottleSettings stageThrottle() {
		return (this.stageThrottle != null) ? this.stageThrottle.settings() : null;
	}

	/** The limits of a request admitted by {@code admission}, {@code null} when the method requires no API key. */
	LimitRequest limitsOf(@Nullable KeyAdmission admission) {
		List<Throttle> throttles = new ArrayList<>(2);
		QuotaCount count = null;
		if (admission != null) {
			UsagePlan plan = admission.plan();
			String keyBucket = "key:" + plan.id() + ":" + admission.keyId();
			ThrottleSettings methodThrottle = methodThrottle(plan);
			if (methodThrottle != null) {
				throttles.add(new Throttle("key_method", keyBucket + ":" + this.methodId, methodThrottle));
			}
			else if (plan.throttle() != null) {
				throttles.add(new Throttle("key", keyBucket, plan.throttle()));
			}
			count = new QuotaCount(plan.id(), admission.keyId(), plan.quota());
		}
		if (this.stageThrottle != null) {
			throttles.add(this.stageThrottle);
		}
		return new LimitRequest(throttles, count);
	}

	private @Nullable ThrottleSettings methodThrottle(UsagePlan plan) {
		for (ApiStage apiStage : plan.apiStages()) {
			if (apiStage.apiId().equals(this.apiId) && apiStage.stage().equals(this.stage)) {
				Map<String, ThrottleSettings> throttles = apiStage.throttle();
				ThrottleSettings own = throttles.get(this.methodKey);
				return (own != null) ? own : throttles.get("/*/*");
			}
		}
		return null;
	}

}
