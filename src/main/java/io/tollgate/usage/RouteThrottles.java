package io.tollgate.usage;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.model.v2.RouteSettings;
import io.tollgate.usage.UsageLimiter.LimitRequest;
import io.tollgate.usage.UsageLimiter.Throttle;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Builds the {@link RouteThrottle}s of API v2 stages (aws-behavior-v2 §A.8, §B): the gateway-wide throttle (AWS's
 * account limit, local to the replica), then the stage's route settings (the route's own {@code routeSettings} over
 * {@code defaultRouteSettings}), one bucket per stage and route shared by every client, on the same
 * {@link UsageLimiter} as every other throttle (Bucket4j locally, one Lua script on Redis). Refusals are counted in
 * {@value MeterNames#THROTTLED} like the REST and HTTP API ones; Redis failures follow
 * {@code tollgate.usage.throttle-failure-mode} ({@link LimiterFailures}, as theirs).
 */
public final class RouteThrottles {

	private static final Mono<RouteThrottle.Outcome> ADMITTED = Mono.just(RouteThrottle.Outcome.ADMITTED);

	private final GatewayThrottle gateway;

	private final UsageLimiter limiter;

	private final UsageProperties properties;

	private final MeterRegistry meters;

	private final LimiterFailures failures;

	public RouteThrottles(GatewayThrottle gateway, UsageLimiter limiter, UsageProperties properties,
			MeterRegistry meters) {
		this.gateway = gateway;
		this.limiter = limiter;
		this.properties = properties;
		this.meters = meters;
		this.failures = new LimiterFailures(properties, meters);
	}

	/**
	 * The throttle of {@code routeKey} on a stage.
	 * @param settings the route's settings, its own over the stage's defaults
	 */
	public RouteThrottle of(String apiId, String stage, String routeKey, RouteSettings settings) {
		ThrottleSettings stageSettings = stageThrottle(settings, this.properties.defaultThrottle());
		LimitRequest request = (stageSettings != null) ? new LimitRequest(
				List.of(new Throttle("stage_route", "stage:" + apiId + ":" + stage + ":" + routeKey, stageSettings)),
				null) : null;
		return () -> {
			if (!this.gateway.tryAcquire()) {
				return throttled(apiId, stage, "gateway");
			}
			if (request == null) {
				return ADMITTED;
			}
			return this.limiter.acquire(request)
				.flatMap((decision) -> (decision.outcome() == UsageLimiter.Outcome.ADMITTED) ? ADMITTED
						: throttled(apiId, stage, "stage_route"))
				.onErrorResume((ex) -> Mono.just(this.failures.refuses(request, ex) ? RouteThrottle.Outcome.UNAVAILABLE
						: RouteThrottle.Outcome.ADMITTED));
		};
	}

	/**
	 * The stage's throttle of a route, {@code null} when its settings set none; a limit the settings leave out is
	 * the gateway-wide one.
	 */
	static @Nullable ThrottleSettings stageThrottle(RouteSettings settings, ThrottleSettings defaults) {
		if (settings.throttlingBurstLimit() == null && settings.throttlingRateLimit() == null) {
			return null;
		}
		return new ThrottleSettings(
				(settings.throttlingBurstLimit() != null) ? settings.throttlingBurstLimit() : defaults.burstLimit(),
				(settings.throttlingRateLimit() != null) ? settings.throttlingRateLimit() : defaults.rateLimit());
	}

	private Mono<RouteThrottle.Outcome> throttled(String apiId, String stage, String limit) {
		this.meters.counter(MeterNames.THROTTLED, MeterNames.TAG_API_ID, apiId, MeterNames.TAG_STAGE, stage,
				MeterNames.TAG_USAGE_PLAN, "none", MeterNames.TAG_LIMIT, limit).increment();
		return Mono.just(RouteThrottle.Outcome.THROTTLED);
	}

}
