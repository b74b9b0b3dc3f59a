package io.tollgate.logging;

import java.util.concurrent.TimeUnit;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.RequestContext;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Writes the access log line of each request routed to a stage with access logging, once its response is complete
 * ({@code $context.status}, {@code responseLength}, {@code responseLatency} and {@code integrationLatency} are
 * known then). Around the whole gateway, so gateway responses are logged with their status.
 */
public final class AccessLogWebFilter implements WebFilter, Ordered {

	private final AccessLog accessLog;

	public AccessLogWebFilter(AccessLog accessLog) {
		this.accessLog = accessLog;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long start = System.nanoTime();
		return chain.filter(exchange).doFinally((signal) -> {
			AccessLogFormat format = exchange.getAttribute(ExchangeAttributes.ACCESS_LOG_FORMAT);
			RequestContext context = RequestContext.find(exchange);
			if (format != null && context != null) {
				this.accessLog.write(format, entry(exchange, context, signal, System.nanoTime() - start));
			}
		});
	}

	private static AccessLogEntry entry(ServerWebExchange exchange, RequestContext context, SignalType signal,
			long nanos) {
		ServerHttpResponse response = exchange.getResponse();
		HttpStatusCode status = response.getStatusCode();
		int code = (signal == SignalType.ON_ERROR && !response.isCommitted()) ? 500
				: (status != null) ? status.value() : 200;
		Long integrationNanos = exchange.getAttribute(ExchangeAttributes.INTEGRATION_LATENCY);
		return new AccessLogEntry(context, code, response.getHeaders().getContentLength(),
				TimeUnit.NANOSECONDS.toMillis(nanos),
				(integrationNanos != null) ? TimeUnit.NANOSECONDS.toMillis(integrationNanos) : null);
	}

	@Override
	public int getOrder() {
		return PipelineOrder.ACCESS_LOG_WRITER;
	}

}
