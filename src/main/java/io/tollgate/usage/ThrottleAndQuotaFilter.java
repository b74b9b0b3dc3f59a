package io.tollgate.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.usage.UsageLimiter.LimitDecision;
import io.tollgate.usage.UsageLimiter.LimitRequest;
import io.tollgate.usage.UsageLimiter.QuotaCount;
import io.tollgate.usage.UsageLimiter.Throttle;
import io.tollgate.usage.UsageProperties.FailureMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.GatewayToStringStyler;
import org.springframework.web.server.ServerWebExchange;

/**
 * The throttle and quota step of one method, in AWS's order: the usage plan's throttle of the request's API key
 * (its method throttle for this method when the plan has one, else the plan's), the stage's method setting, then
 * the gateway-wide throttle; then the plan's quota. Any throttle refusing answers
 * {@code 429 {"message":"Too Many Requests"}}, the quota {@code 429 {"message":"Limit Exceeded"}}; only a request
 * that passes every throttle is counted.
 * <p>
 * The gateway-wide throttle is checked first because it is local and cheap; everything else is one call of the
 * {@link UsageLimiter}, and only for a method with a stage throttle or an API key. When that call fails the
 * configured {@link FailureMode}s decide.
 */
final class ThrottleAndQuotaFilter implements PipelineStep {

	static final String SERVICE_UNAVAILABLE_ERROR_TYPE = "ServiceUnavailableException";

	static final String SERVICE_UNAVAILABLE_MESSAGE = "Service Unavailable";

	private static final Log logger = LogFactory.getLog(ThrottleAndQuotaFilter.class);

	private final String apiId;

	private final String stage;

	/** The key of this method among a plan's method throttles: {@code /pets/GET}. */
	private final String methodKey;

	/** This method's part of bucket ids: {@code {apiId}:{stage}:{VERB}{resourcePath}}. */
	private final String methodId;

	private final boolean apiKeyRequired;

	private final @Nullable Throttle stageThrottle;

	private final GatewayThrottle gateway;

	private final UsageLimiter limiter;

	private final UsageProperties properties;

	private final MeterRegistry meters;

	private final FailureLog failureLog;

	ThrottleAndQuotaFilter(String apiId, String stage, String resourcePath, String httpMethod, boolean apiKeyRequired,
			@Nullable ThrottleSettings stageSettings, GatewayThrottle gateway, UsageLimiter limiter,
			UsageProperties properties, MeterRegistry meters, FailureLog failureLog) {
		this.apiId = apiId;
		this.stage = stage;
		this.methodKey = resourcePath + "/" + httpMethod;
		this.methodId = apiId + ":" + stage + ":" + httpMethod + resourcePath;
		this.apiKeyRequired = apiKeyRequired;
		this.stageThrottle = (stageSettings != null)
				? new Throttle("stage_method", "stage:" + this.methodId, stageSettings) : null;
		this.gateway = gateway;
		this.limiter = limiter;
		this.properties = properties;
		this.meters = meters;
		this.failureLog = failureLog;
	}

	@Override
	public int getOrder() {
		return PipelineOrder.THROTTLE_AND_QUOTA;
	}

	@Override
	public boolean runsInTestInvoke() {
		return false;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		KeyAdmission admission = this.apiKeyRequired ? exchange.getAttribute(ExchangeAttributes.KEY_ADMISSION) : null;
		String planId = (admission != null) ? admission.plan().id() : "none";
		if (!this.gateway.tryAcquire()) {
			return throttled(planId, "gateway");
		}
		LimitRequest request = limitsOf(admission);
		if (request.isEmpty()) {
			return chain.filter(exchange);
		}
		return this.limiter.acquire(request)
			.onErrorResume((ex) -> !(ex instanceof GatewayResponseException), (ex) -> failed(request, ex, exchange))
			.flatMap((decision) -> switch (decision.outcome()) {
				case ADMITTED -> chain.filter(exchange);
				case THROTTLED -> throttled(planId, decision.refusedBy().limit());
				case QUOTA_EXCEEDED -> quotaExceeded(planId);
			});
	}

	private LimitRequest limitsOf(@Nullable KeyAdmission admission) {
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

	/** Redis could not be asked: serve uncounted or refuse, as configured for the limits this request has. */
	private Mono<LimitDecision> failed(LimitRequest request, Throwable error, ServerWebExchange exchange) {
		boolean hasQuota = request.quota() != null && request.quota().quota() != null;
		boolean closed = (hasQuota && this.properties.quotaFailureMode() == FailureMode.FAIL_CLOSED)
				|| (!request.throttles().isEmpty() && this.properties.throttleFailureMode() == FailureMode.FAIL_CLOSED);
		String use = hasQuota ? "quota" : "throttle";
		String outcome = closed ? "fail-closed" : "fail-open";
		this.meters.counter(MeterNames.REDIS_FAILURES, MeterNames.TAG_USE, use, MeterNames.TAG_OUTCOME, outcome)
			.increment();
		this.failureLog.failed(use, outcome, error);
		if (!closed) {
			return Mono.just(LimitDecision.ADMITTED);
		}
		return Mono.error(new GatewayResponseException(GatewayResponseType.DEFAULT_5XX, SERVICE_UNAVAILABLE_MESSAGE,
				503, SERVICE_UNAVAILABLE_ERROR_TYPE));
	}

	private Mono<Void> throttled(String planId, String limit) {
		this.meters.counter(MeterNames.THROTTLED, MeterNames.TAG_API_ID, this.apiId, MeterNames.TAG_STAGE, this.stage,
				MeterNames.TAG_USAGE_PLAN, planId, MeterNames.TAG_LIMIT, limit).increment();
		return Mono.error(new GatewayResponseException(GatewayResponseType.THROTTLED));
	}

	private Mono<Void> quotaExceeded(String planId) {
		this.meters.counter(MeterNames.QUOTA_EXCEEDED, MeterNames.TAG_API_ID, this.apiId, MeterNames.TAG_STAGE,
				this.stage, MeterNames.TAG_USAGE_PLAN, planId, MeterNames.TAG_LIMIT, "quota").increment();
		return Mono.error(new GatewayResponseException(GatewayResponseType.QUOTA_EXCEEDED));
	}

	@Override
	public String toString() {
		return GatewayToStringStyler.filterToStringCreator(this)
			.append("method", this.methodId)
			.append("apiKeyRequired", this.apiKeyRequired)
			.append("stageThrottle", (this.stageThrottle != null) ? this.stageThrottle.settings() : null)
			.toString();
	}

	/** Logs Redis failures of the request path at most once per interval, so an outage does not flood the log. */
	static final class FailureLog {

		private static final long INTERVAL_NANOS = 10_000_000_000L;

		private volatile long lastLogged = System.nanoTime() - INTERVAL_NANOS;

		void failed(String use, String outcome, Throwable error) {
			long now = System.nanoTime();
			long last = this.lastLogged;
			if (now - last >= INTERVAL_NANOS) {
				this.lastLogged = now;
				logger.warn("Redis failed on the request path (" + use + ", " + outcome + "; logged at most every 10 s, "
						+ "counted in " + MeterNames.REDIS_FAILURES + "): " + error);
			}
		}

	}

}
