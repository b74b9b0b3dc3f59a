package io.tollgate.cors;

import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.PipelineStep;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Sets an HTTP API's CORS headers on every response of a route, gateway errors included, as the response is
 * committed: the integration's own {@code access-control-*} headers are replaced (aws-behavior-v2 §A.7).
 */
public final class CorsHeadersFilter implements PipelineStep {

	private final CorsRules rules;

	public CorsHeadersFilter(CorsRules rules) {
		this.rules = rules;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			this.rules.actual(exchange.getRequest(), response.getHeaders());
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return PipelineOrder.CORS;
	}

	@Override
	public boolean runsInTestInvoke() {
		return false;
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("cors", this.rules).toString();
	}

}
