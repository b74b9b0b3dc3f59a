package io.tollgate.metrics;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.PipelineStep;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Hands the route's meters to {@link RequestMeters}, which records the request when its response has been
 * written, gateway responses included.
 */
final class MethodMetersFilter implements PipelineStep {

	/** Right inside the gateway-response step: nothing before it can fail. */
	static final int ORDER = PipelineOrder.METHOD_METERS;

	private final MethodMeters meters;

	MethodMetersFilter(MethodMeters meters) {
		this.meters = meters;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		exchange.getAttributes().put(ExchangeAttributes.METHOD_METERS, this.meters);
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public boolean runsInTestInvoke() {
		return false;
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("step", "metrics").toString();
	}

}
