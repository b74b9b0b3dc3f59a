package io.tollgate.routing;

import java.util.List;

import io.netty.handler.codec.http.HttpVersion;
import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.PipelineOrder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Checks and normalises a data-plane request before it is routed, so that routing, authorisation and the backend
 * all see one request: an HTTP/1.1 request needs exactly one {@code Host} (RFC 9112 §3.2), and the path takes its
 * {@link RequestPath normal form}, which replaces the request's path for every later step. A request refused here
 * carries the reason in {@link ExchangeAttributes#INVOKE_REQUEST_REFUSAL}; routing answers it with a 400 gateway response.
 */
public final class InvokeRequestWebFilter implements WebFilter, Ordered {

	public static final int ORDER = PipelineOrder.INVOKE_REQUEST;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String refusal = hostRefusal(request);
		if (refusal != null) {
			exchange.getAttributes().put(ExchangeAttributes.INVOKE_REQUEST_REFUSAL, refusal);
			return chain.filter(exchange);
		}
		String rawPath = request.getURI().getRawPath();
		String normalized;
		try {
			normalized = RequestPath.normalize(rawPath);
		}
		catch (RequestPath.InvalidPathException ex) {
			exchange.getAttributes().put(ExchangeAttributes.INVOKE_REQUEST_REFUSAL, ex.getMessage());
			return chain.filter(exchange);
		}
		if (normalized.equals(rawPath)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request((builder) -> builder.path(normalized)).build());
	}

	private static @Nullable String hostRefusal(ServerHttpRequest request) {
		List<String> hosts = request.getHeaders().get(HttpHeaders.HOST);
		int count = (hosts != null) ? hosts.size() : 0;
		if (count > 1) {
			return "Invalid request: more than one Host header";
		}
		if (count == 0 && isHttp11(request)) {
			return "Invalid request: missing Host header";
		}
		return null;
	}

	private static boolean isHttp11(ServerHttpRequest request) {
		Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		return nativeRequest instanceof HttpServerRequest netty && HttpVersion.HTTP_1_1.equals(netty.version());
	}

}
