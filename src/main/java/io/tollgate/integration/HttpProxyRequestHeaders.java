package io.tollgate.integration;

import io.tollgate.pipeline.RequestContext;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Adds the headers API Gateway sends an {@code HTTP_PROXY} backend ({@link BackendRequestHeaders}) to the request
 * Spring Cloud Gateway's routing filter sends. Ordered after Spring Cloud Gateway's own header filters, which strip
 * every incoming {@code X-Forwarded-*} header unless trusted proxies are configured.
 */
final class HttpProxyRequestHeaders implements HttpHeadersFilter, Ordered {

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		RequestContext context = RequestContext.find(exchange);
		if (context == null) {
			return input;
		}
		// Spring Cloud Gateway's own header filters before this one hand over a copy of their own; only the
		// request's read-only headers (when they are all switched off) need copying.
		HttpHeaders headers = input;
		if (input.getClass() != HttpHeaders.class) {
			headers = new HttpHeaders();
			headers.addAll(input);
		}
		ServerHttpRequest request = exchange.getRequest();
		String traceId = TraceIds.of(request);
		if (context.routeKey() != null) {
			BackendRequestHeaders.addForHttpApiBackend(context, request, traceId, headers::set);
		}
		else {
			BackendRequestHeaders.addForHttpBackend(context, request, traceId, headers::set);
		}
		return headers;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
