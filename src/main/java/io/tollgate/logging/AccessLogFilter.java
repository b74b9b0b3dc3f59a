package io.tollgate.logging;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.PipelineStep;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Marks a request of a stage with access logging for {@link AccessLogWriter}, with the stage's compiled format;
 * the line is written once the response is complete, gateway responses included.
 */
final class AccessLogFilter implements PipelineStep {

	private final AccessLogFormat format;

	AccessLogFilter(AccessLogFormat format) {
		this.format = format;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		exchange.getAttributes().put(ExchangeAttributes.ACCESS_LOG_FORMAT, this.format);
		return chain.filter(exchange);
	}

	/** Right inside the gateway-response step: nothing before it can fail. */
	@Override
	public int getOrder() {
		return PipelineOrder.ACCESS_LOG;
	}

	@Override
	public boolean runsInTestInvoke() {
		return false;
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("format", this.format).toString();
	}

}
