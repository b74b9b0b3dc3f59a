package io.tollgate.usage;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.model.MethodSetting;
import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.pipeline.DeployedRoute;
import io.tollgate.pipeline.MethodFilterFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.filter.GatewayFilter;

/**
 * The API key step (methods with {@code apiKeyRequired} only) and the throttle and quota step (every method: the
 * gateway-wide throttle applies to all) of each route, configured once per deployed method.
 */
public final class UsageFilterFactory implements MethodFilterFactory {

	private final ApiKeyIndex index;

	private final GatewayThrottle gateway;

	private final UsageLimiter limiter;

	private final UsageProperties properties;

	private final MeterRegistry meters;

	private final LimiterFailures failures;

	public UsageFilterFactory(ApiKeyIndex index, GatewayThrottle gateway, UsageLimiter limiter,
			UsageProperties properties, MeterRegistry meters) {
		this.index = index;
		this.gateway = gateway;
		this.limiter = limiter;
		this.properties = properties;
		this.meters = meters;
		this.failures = new LimiterFailures(properties, meters);
	}

	@Override
	public List<GatewayFilter> filtersFor(DeployedMethod method) {
		boolean apiKeyRequired = method.method().apiKeyRequired();
		List<GatewayFilter> filters = new ArrayList<>(2);
		if (apiKeyRequired) {
			filters.add(new ApiKeyFilter(method.api().apiKeySource(), this.index));
		}
		filters.add(new ThrottleAndQuotaFilter(method.api().id(), method.stageName(), method.resource().path(),
				method.method().httpMethod(), apiKeyRequired, stageThrottle(method.methodSetting()), this.gateway,
				this.limiter, this.meters, this.failures));
		return filters;
	}

	/**
	 * The throttle step of an HTTP API route (aws-behavior-v2 §A.8): the gateway-wide throttle, then the stage's
	 * route settings (the route's own over {@code defaultRouteSettings}), one bucket per stage and route shared by
	 * every client. HTTP APIs have no API keys or usage plans.
	 */
	@Override
	public List<GatewayFilter> filtersFor(DeployedRoute route) {
		ThrottleSettings stageThrottle = RouteThrottles.stageThrottle(route.settings(),
				this.properties.defaultThrottle());
		return List.of(new ThrottleAndQuotaFilter(route.api().apiId(), route.stage().stageName(), route.path(),
				route.method(), false, stageThrottle, this.gateway, this.limiter, this.meters, this.failures));
	}

	/** The stage's throttle of the method; a limit the setting leaves out is the gateway-wide one. */
	private @Nullable ThrottleSettings stageThrottle(@Nullable MethodSetting setting) {
		if (setting == null || (setting.throttlingBurstLimit() == null && setting.throttlingRateLimit() == null)) {
			return null;
		}
		ThrottleSettings defaults = this.properties.defaultThrottle();
		return new ThrottleSettings(
				(setting.throttlingBurstLimit() != null) ? setting.throttlingBurstLimit() : defaults.burstLimit(),
				(setting.throttlingRateLimit() != null) ? setting.throttlingRateLimit() : defaults.rateLimit());
	}

}
