package io.tollgate.integration;

import java.util.Map;

import io.tollgate.pipeline.RequestContext;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
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
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(input);
		String traceId = TraceIds.of(exchange.getRequest());
		Map<String, String> added = (context.routeKey() != null)
				? BackendRequestHeaders.forHttpApiBackend(context, exchange.getRequest(), traceId)
				: BackendRequestHeaders.forHttpBackend(context, exchange.getRequest(), traceId);
		added.forEach(headers::set);
		return headers;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
