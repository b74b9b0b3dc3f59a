package io.tollgate.integration;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import io.tollgate.pipeline.RequestContext;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The headers API Gateway adds to what reaches a backend or function, in AWS's order: {@code X-Amzn-Trace-Id},
 * {@code X-Forwarded-For} (the client's list, if it sent one, then the caller's address), {@code X-Forwarded-Port}
 * and {@code X-Forwarded-Proto} (of the URL the client called). HTTP backends also get
 * {@code x-amzn-apigateway-api-id}.
 */
final class BackendRequestHeaders {

	static final String API_ID = "x-amzn-apigateway-api-id";

	static final String FORWARDED_FOR = "X-Forwarded-For";

	static final String FORWARDED_PORT = "X-Forwarded-Port";

	static final String FORWARDED_PROTO = "X-Forwarded-Proto";

	private BackendRequestHeaders() {
	}

	/** The trace and forwarding headers of one request, in AWS's order. */
	static Map<String, String> of(RequestContext context, ServerHttpRequest request, String traceId) {
		Map<String, String> headers = new LinkedHashMap<>();
		addTraceAndForwarding(context, request, traceId, headers::put);
		return headers;
	}

	private static void addTraceAndForwarding(RequestContext context, ServerHttpRequest request, String traceId,
			BiConsumer<String, String> headers) {
		headers.accept(TraceIds.HEADER, traceId);
		String forwardedFor = request.getHeaders().getFirst(FORWARDED_FOR);
		headers.accept(FORWARDED_FOR, (forwardedFor != null && !forwardedFor.isBlank())
				? forwardedFor + ", " + context.sourceIp() : context.sourceIp());
		URI uri = request.getURI();
		boolean https = "https".equalsIgnoreCase(uri.getScheme());
		headers.accept(FORWARDED_PORT, Integer.toString((uri.getPort() > 0) ? uri.getPort() : (https ? 443 : 80)));
		headers.accept(FORWARDED_PROTO, https ? "https" : "http");
	}

	/**
	 * Sets every header an HTTP API's {@code HTTP_PROXY} backend gets (aws-behavior-v2 §A.5.1) on {@code headers}:
	 * {@code forwarded} and {@code via} besides the trace and forwarding headers.
	 */
	static void addForHttpApiBackend(RequestContext context, ServerHttpRequest request, String traceId,
			BiConsumer<String, String> headers) {
		URI uri = request.getURI();
		String proto = "https".equalsIgnoreCase(uri.getScheme()) ? "https" : "http";
		headers.accept("forwarded", "by=" + localAddress(request) + ";for=" + context.sourceIp() + ";host="
				+ context.domainName() + ";proto=" + proto);
		headers.accept("via", "HTTP/1.1 AmazonAPIGateway");
		addTraceAndForwarding(context, request, traceId, headers);
	}

	private static String localAddress(ServerHttpRequest request) {
		var local = request.getLocalAddress();
		return (local != null && local.getAddress() != null) ? local.getAddress().getHostAddress() : "";
	}

	/** Sets every header an HTTP backend gets from API Gateway on {@code headers}, in AWS's order. */
	static void addForHttpBackend(RequestContext context, ServerHttpRequest request, String traceId,
			BiConsumer<String, String> headers) {
		headers.accept(API_ID, context.apiId());
		addTraceAndForwarding(context, request, traceId, headers);
	}

}
