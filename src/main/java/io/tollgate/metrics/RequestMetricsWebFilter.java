package io.tollgate.metrics;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.PipelineOrder;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * CloudWatch Count, Latency, 4XXError and 5XXError: times every request around the whole gateway, from arrival to
 * the last byte written, so that gateway responses (rendered by the innermost global filter) count with their
 * status. Only requests routed to a method are recorded, in the meters their route attached.
 */
public final class RequestMetricsWebFilter implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long start = System.nanoTime();
		return chain.filter(exchange).doFinally((signal) -> {
			MethodMeters meters = exchange.getAttribute(ExchangeAttributes.METHOD_METERS);
			if (meters != null) {
				meters.recordRequest(status(exchange, signal), System.nanoTime() - start);
			}
		});
	}

	private static int status(ServerWebExchange exchange, SignalType signal) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		if (signal == SignalType.ON_ERROR && !exchange.getResponse().isCommitted()) {
			// An error nothing rendered: WebFlux answers 500.
			return 500;
		}
		return (status != null) ? status.value() : 200;
	}

	@Override
	public int getOrder() {
		return PipelineOrder.REQUEST_METRICS;
	}

}
