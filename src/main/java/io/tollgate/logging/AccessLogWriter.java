package io.tollgate.logging;

import java.util.concurrent.TimeUnit;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.ExchangeCompletionListener;
import io.tollgate.pipeline.RequestContext;

import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the access log line of each request routed to a stage with access logging, once its response is complete
 * ({@code $context.status}, {@code responseLength}, {@code responseLatency} and {@code integrationLatency} are
 * known then), gateway responses included.
 */
final class AccessLogWriter implements ExchangeCompletionListener {

	private final AccessLog accessLog;

	AccessLogWriter(AccessLog accessLog) {
		this.accessLog = accessLog;
	}

	@Override
	public void completed(ServerWebExchange exchange, int status, long nanos) {
		AccessLogFormat format = exchange.getAttribute(ExchangeAttributes.ACCESS_LOG_FORMAT);
		RequestContext context = RequestContext.find(exchange);
		if (format == null || context == null) {
			return;
		}
		Long integrationNanos = exchange.getAttribute(ExchangeAttributes.INTEGRATION_LATENCY);
		this.accessLog.write(format, new AccessLogEntry(context, status,
				exchange.getResponse().getHeaders().getContentLength(), TimeUnit.NANOSECONDS.toMillis(nanos),
				(integrationNanos != null) ? TimeUnit.NANOSECONDS.toMillis(integrationNanos) : null));
	}

}
