package io.tollgate.pipeline;

import java.util.List;

import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Times every request around the whole gateway, from arrival to the last byte written, and tells the
 * {@link ExchangeCompletionListener}s (request meters, access log) how it ended. One web filter for all of them:
 * each web filter costs every request a checkpoint and an operator of its own.
 */
public final class ExchangeCompletionWebFilter implements WebFilter, Ordered {

	private final List<ExchangeCompletionListener> listeners;

	public ExchangeCompletionWebFilter(List<ExchangeCompletionListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long start = System.nanoTime();
		return chain.filter(exchange).doFinally((signal) -> {
			long nanos = System.nanoTime() - start;
			int status = status(exchange, signal);
			for (ExchangeCompletionListener listener : this.listeners) {
				listener.completed(exchange, status, nanos);
			}
		});
	}

	private static int status(ServerWebExchange exchange, SignalType signal) {
		ServerHttpResponse response = exchange.getResponse();
		if (signal == SignalType.ON_ERROR && !response.isCommitted()) {
			// An error nothing rendered: WebFlux answers 500.
			return 500;
		}
		HttpStatusCode status = response.getStatusCode();
		return (status != null) ? status.value() : 200;
	}

	@Override
	public int getOrder() {
		return PipelineOrder.EXCHANGE_COMPLETION;
	}

}
