package io.tollgate.metrics;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.pipeline.DeployedRoute;
import io.tollgate.pipeline.MethodFilterFactory;

import org.springframework.cloud.gateway.filter.GatewayFilter;

/**
 * The metrics of each route: its {@link MethodMeters} resolved once, attached to every request it serves (for
 * {@link RequestMeters}, which records the whole request) and the {@link IntegrationLatencyFilter}. Routes
 * built for TestInvokeMethod (no stage) get none.
 */
public final class MethodMetricsFilterFactory implements MethodFilterFactory {

	private final MeterRegistry registry;

	public MethodMetricsFilterFactory(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public List<GatewayFilter> filtersFor(DeployedMethod method) {
		if (method.stage() == null) {
			// TestInvokeMethod: not API traffic, and AWS reports no metrics for it either.
			return List.of();
		}
		MethodMeters meters = new MethodMeters(this.registry, MethodTags.of(method));
		return List.of(new MethodMetersFilter(meters), new IntegrationLatencyFilter(meters));
	}

	@Override
	public List<GatewayFilter> filtersFor(DeployedRoute route) {
		MethodMeters meters = new MethodMeters(this.registry, MethodTags.of(route));
		return List.of(new MethodMetersFilter(meters), new IntegrationLatencyFilter(meters));
	}

}
