package io.tollgate.integration;

import java.util.ArrayList;
import java.util.List;

import io.tollgate.pipeline.RequestContext;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The headers Spring Cloud Gateway's routing filter sends an {@code HTTP_PROXY} backend, in one copy of the
 * request's: without its hop-by-hop headers, its {@code X-Forwarded-*} and {@code Forwarded} headers (no proxy in
 * front is trusted) and a {@code Content-Length} beside a chunked {@code Transfer-Encoding} (RFC 9112 §6.3), as
 * Spring Cloud Gateway's own header filters drop them (each of which copied every header), then with the headers
 * API Gateway adds ({@link BackendRequestHeaders}). The routing filter's only request header filter
 * ({@link BackendHeadersAutoConfiguration}).
 */
final class HttpProxyRequestHeaders implements HttpHeadersFilter {

	private static final String X_FORWARDED_PREFIX = "x-forwarded-";

	private static final String FORWARDED = "Forwarded";

	private final HopByHopHeaders hopByHop;

	HttpProxyRequestHeaders(HopByHopHeaders hopByHop) {
		this.hopByHop = hopByHop;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		List<String> connectionOptions = HopByHopHeaders.connectionOptions(input);
		String transferEncoding = input.getFirst(HttpHeaders.TRANSFER_ENCODING);
		boolean chunked = transferEncoding != null && "chunked".equalsIgnoreCase(transferEncoding.trim());
		HttpHeaders headers = new HttpHeaders();
		// The request's (read-only) headers are iterated name by name; a name's values are those of all its
		// casings (headers are case-insensitive), so a second casing of a name adds nothing.
		input.forEach((name, values) -> {
			if (passesOn(name, connectionOptions, chunked)) {
				headers.putIfAbsent(name, new ArrayList<>(values));
			}
		});
		RequestContext context = RequestContext.find(exchange);
		if (context != null) {
			ServerHttpRequest request = exchange.getRequest();
			String traceId = TraceIds.of(request);
			if (context.routeKey() != null) {
				BackendRequestHeaders.addForHttpApiBackend(context, request, traceId, headers::set);
			}
			else {
				BackendRequestHeaders.addForHttpBackend(context, request, traceId, headers::set);
			}
		}
		// The routing filter only reads them; read-only headers are iterated name by name, where writable ones
		// first build a map of their names to merge names differing in case, which this copy cannot hold.
		return HttpHeaders.readOnlyHttpHeaders(headers);
	}

	private boolean passesOn(String name, List<String> connectionOptions, boolean chunked) {
		return !name.regionMatches(true, 0, X_FORWARDED_PREFIX, 0, X_FORWARDED_PREFIX.length())
				&& !name.equalsIgnoreCase(FORWARDED) && !(chunked && name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH))
				&& !this.hopByHop.isHopByHop(name, connectionOptions);
	}

}
