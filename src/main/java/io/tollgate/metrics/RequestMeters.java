package io.tollgate.metrics;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.ExchangeCompletionListener;

import org.springframework.web.server.ServerWebExchange;

/**
 * CloudWatch Count, Latency, 4XXError and 5XXError: records every request when its response has been written, timed
 * around the whole gateway, so that gateway responses (rendered by the innermost global filter) count with their
 * status. Only requests routed to a method are recorded, in the meters their route attached.
 */
final class RequestMeters implements ExchangeCompletionListener {

	@Override
	public void completed(ServerWebExchange exchange, int status, long nanos) {
		MethodMeters meters = exchange.getAttribute(ExchangeAttributes.METHOD_METERS);
		if (meters != null) {
			meters.recordRequest(status, nanos);
		}
	}

}
