package io.tollgate.integration;

import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.pipeline.PipelineOrder;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

/**
 * The integration step of a method that answers the request itself ({@code MOCK}, {@code HTTP}, {@code AWS},
 * {@code AWS_PROXY}): it writes the method response, and the chain ends here.
 */
abstract class IntegrationFilter implements PipelineStep {

	@Override
	public final int getOrder() {
		return PipelineOrder.INTEGRATION;
	}

	@Override
	public final boolean runsInTestInvoke() {
		return true;
	}

	@Override
	public final Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return integrate(exchange, RequestContext.require(exchange));
	}

	/** Answers the method request. */
	abstract Mono<Void> integrate(ServerWebExchange exchange, RequestContext context);

}
