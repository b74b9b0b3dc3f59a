package io.tollgate.usage;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.redis.RequestEventLoops;
import io.tollgate.usage.UsageLimiter.LimitDecision;
import io.tollgate.usage.UsageLimiter.LimitRequest;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.GatewayToStringStyler;
import org.springframework.web.server.ServerWebExchange;

/**
 * The throttle and quota step of one method: the gateway-wide throttle, then the limits {@link ThrottleSelection}
 * picks (the API key's usage-plan throttle, the stage's method setting) and the plan's quota. Any throttle refusing
 * answers
 * {@code 429 {"message":"Too Many Requests"}}, the quota {@code 429 {"message":"Limit Exceeded"}}; only a request
 * that passes every throttle is counted.
 * <p>
 * The gateway-wide throttle is checked first because it is local and cheap; everything else is one call of the
 * {@link UsageLimiter}, and only for a method with a stage throttle or an API key. When that call fails the
 * configured failure modes decide ({@link LimiterFailures}).
 */
final class ThrottleAndQuotaFilter implements PipelineStep {

	static final String SERVICE_UNAVAILABLE_ERROR_TYPE = "ServiceUnavailableException";

	static final String SERVICE_UNAVAILABLE_MESSAGE = "Service Unavailable";

	private final String apiId;

	private final String stage;

	private final boolean apiKeyRequired;

	private final ThrottleSelection throttles;

	private final GatewayThrottle gateway;

	private final UsageLimiter limiter;

	private final MeterRegistry meters;

	private final LimiterFailures failures;

	ThrottleAndQuotaFilter(String apiId, String stage, String resourcePath, String httpMethod, boolean apiKeyRequired,
			@Nullable ThrottleSettings stageSettings, GatewayThrottle gateway, UsageLimiter limiter,
			MeterRegistry meters, LimiterFailures failures) {
		this.apiId = apiId;
		this.stage = stage;
		this.apiKeyRequired = apiKeyRequired;
		this.throttles = new ThrottleSelection(apiId, stage, resourcePath, httpMethod, stageSettings);
		this.gateway = gateway;
		this.limiter = limiter;
		this.meters = meters;
		this.failures = failures;
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
		LimitRequest request = this.throttles.limitsOf(admission);
		if (request.isEmpty()) {
			return chain.filter(exchange);
		}
		return this.limiter.acquire(request, RequestEventLoops.of(exchange))
			.onErrorResume((ex) -> !(ex instanceof GatewayResponseException), (ex) -> failed(request, ex))
			.flatMap((decision) -> switch (decision.outcome()) {
				case ADMITTED -> chain.filter(exchange);
				case THROTTLED -> throttled(planId, decision.refusedBy().limit());
				case QUOTA_EXCEEDED -> quotaExceeded(planId);
			});
	}

	/** Redis could not be asked: serve uncounted or refuse, as configured for the limits this request has. */
	private Mono<LimitDecision> failed(LimitRequest request, Throwable error) {
		if (!this.failures.refuses(request, error)) {
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
			.append("method", this.throttles.methodId())
			.append("apiKeyRequired", this.apiKeyRequired)
			.append("stageThrottle", this.throttles.stageThrottle())
			.toString();
	}

}
