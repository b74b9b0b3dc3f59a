package io.tollgate.pipeline;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.model.Resource;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;

/** Creates a request's {@link RequestContext} once its method is known, for served and test-invoked requests. */
public final class RequestContexts {

	private RequestContexts() {
	}

	/**
	 * @param rawPathParameters path parameter values as they appear in the URL, still encoded
	 * @param canaryRequest {@code null} when the stage has no canary
	 */
	public static RequestContext create(ServerWebExchange exchange, String accountId, String apiId, String stage,
			String deploymentId, Resource resource, Map<String, String> rawPathParameters,
			Map<String, String> stageVariables, @Nullable Boolean canaryRequest) {
		ServerHttpRequest request = exchange.getRequest();
		// AWS passes path parameters on as the URL has them: percent-encoded characters (%2B) stay encoded.
		Map<String, String> pathParameters = rawPathParameters;
		InetSocketAddress remote = request.getRemoteAddress();
		String host = request.getHeaders().getFirst(HttpHeaders.HOST);
		return new RequestContext(RequestIds.requestId(), RequestIds.extendedRequestId(), System.currentTimeMillis(),
				accountId, apiId, stage, deploymentId, resource.id(), resource.path(), request.getMethod().name(),
				request.getURI().getRawPath(), pathParameters, rawPathParameters, stageVariables, canaryRequest,
				(remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "",
				request.getHeaders().getFirst(HttpHeaders.USER_AGENT), "HTTP/1.1", (host != null) ? host : "",
				CallerIdentity.ANONYMOUS, AuthorizerOutput.NONE);
	}

	/**
	 * The context of a request to an HTTP API route. Its request id is the short {@code apigw-requestid} (which is
	 * also {@code extendedRequestId}); its resource path is the request path below the stage, which the route ARN
	 * and parameter mappings' {@code $request.path} read; its path parameters are decoded, as HTTP APIs pass them.
	 *
	 * @param pathBelowStage the request path below the stage (or below a custom domain's mapping key)
	 * @param rawPathParameters path parameter values as the URL has them
	 */
	public static RequestContext createHttp(ServerWebExchange exchange, String requestId, String accountId,
			String apiId, String stage, String deploymentId, String routeId, String routeKey, String pathBelowStage,
			Map<String, String> rawPathParameters, Map<String, String> stageVariables) {
		ServerHttpRequest request = exchange.getRequest();
		Map<String, String> decoded = new LinkedHashMap<>();
		rawPathParameters.forEach((name, value) -> {
			try {
				decoded.put(name, UriUtils.decode(value, StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				decoded.put(name, value);
			}
		});
		InetSocketAddress remote = request.getRemoteAddress();
		String host = request.getHeaders().getFirst(HttpHeaders.HOST);
		return new RequestContext(requestId, requestId, System.currentTimeMillis(), accountId, apiId, stage,
				deploymentId, routeId, pathBelowStage, request.getMethod().name(), request.getURI().getRawPath(),
				decoded, rawPathParameters, stageVariables, null,
				(remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "",
				request.getHeaders().getFirst(HttpHeaders.USER_AGENT), "HTTP/1.1", (host != null) ? host : "",
				CallerIdentity.ANONYMOUS, AuthorizerOutput.NONE, null, null, routeKey);
	}

}
