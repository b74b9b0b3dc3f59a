package io.tollgate.pipeline;

import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilter;

/**
 * Contributes the gateway filters of one pipeline step to each generated route. Filters are built once per
 * deployed method and carry their configuration; each is ordered by a constant of its step.
 */
@FunctionalInterface
public interface MethodFilterFactory {

	/** The filters this step adds to the route of {@code method}; empty when the step does not apply. */
	List<GatewayFilter> filtersFor(DeployedMethod method);

}
