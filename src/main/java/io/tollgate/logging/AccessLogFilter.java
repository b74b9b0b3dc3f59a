package io.tollgate.logging;

import io.tollgate.response.GatewayResponseFilter;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Marks a request of a stage with access logging for {@link AccessLogWebFilter}, with the stage's compiled format;
 * the line is written once the response is complete, gateway responses included.
 */
final class AccessLogFilter implements GatewayFilter, Ordered {

	/** The exchange attribute holding the {@link AccessLogFormat} of the request's stage. */
	static final String ATTRIBUTE = AccessLogFormat.class.getName();

	private final AccessLogFormat format;

	AccessLogFilter(AccessLogFormat format) {
		this.format = format;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		exchange.getAttributes().put(ATTRIBUTE, this.format);
		return chain.filter(exchange);
	}

	/** Right inside the gateway-response step: nothing before it can fail. */
	@Override
	public int getOrder() {
		return GatewayResponseFilter.ORDER + 1;
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("format", this.format).toString();
	}

}
