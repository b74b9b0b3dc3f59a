package io.tollgate.pipeline;

import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilter;

/**
 * Contributes the gateway filters of one pipeline step to each generated route, of a REST API's method or of an
 * HTTP API's route. Filters are built once per deployment and carry their configuration; each is ordered by a
 * constant of its step.
 */
@FunctionalInterface
public interface MethodFilterFactory {

	/** The filters this step adds to the route of {@code method}; empty when the step does not apply. */
	List<GatewayFilter> filtersFor(DeployedMethod method);

	/**
	 * The filters this step adds to an HTTP API route; none unless the step serves HTTP APIs (REST-only steps such
	 * as API keys, request validation and the stage cache do not).
	 */
	default List<GatewayFilter> filtersFor(DeployedRoute route) {
		return List.of();
	}

}
