package io.tollgate.cors;

import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.PipelineStep;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Answers an HTTP API's CORS preflight itself: 204 without a body (aws-behavior-v2 §A.7), whatever routes,
 * {@code $default} or authorizers the API has. The only step of its stage's preflight route.
 */
public final class CorsPreflightFilter implements PipelineStep {

	private final CorsRules rules;

	public CorsPreflightFilter(CorsRules rules) {
		this.rules = rules;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		this.rules.preflight(exchange.getRequest(), exchange.getResponse().getHeaders());
		exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
		return exchange.getResponse().setComplete();
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
