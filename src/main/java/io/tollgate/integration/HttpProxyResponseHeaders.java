package io.tollgate.integration;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * An {@code HTTP_PROXY} backend's response headers without its hop-by-hop headers, removed from the routing
 * filter's own copy of them (Spring Cloud Gateway's filter copied them once more). The routing filter's only
 * response header filter ({@link BackendHeadersAutoConfiguration}).
 */
final class HttpProxyResponseHeaders implements HttpHeadersFilter {

	private final HopByHopHeaders hopByHop;

	HttpProxyResponseHeaders(HopByHopHeaders hopByHop) {
		this.hopByHop = hopByHop;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.RESPONSE;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		this.hopByHop.removeFrom(input);
		return input;
	}

}
