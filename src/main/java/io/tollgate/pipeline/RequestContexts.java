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
		Map<String, String> decoded = rawPathParameters;
		if (!rawPathParameters.isEmpty()) {
			decoded = new LinkedHashMap<>(rawPathParameters.size());
			for (Map.Entry<String, String> entry : rawPathParameters.entrySet()) {
				decoded.put(entry.getKey(), UriUtils.decode(entry.getValue(), StandardCharsets.UTF_8));
			}
		}
		InetSocketAddress remote = request.getRemoteAddress();
		String host = request.getHeaders().getFirst(HttpHeaders.HOST);
		return new RequestContext(RequestIds.requestId(), RequestIds.extendedRequestId(), System.currentTimeMillis(),
				accountId, apiId, stage, deploymentId, resource.id(), resource.path(), request.getMethod().name(),
				request.getURI().getRawPath(), decoded, rawPathParameters, stageVariables, canaryRequest,
				(remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "",
				request.getHeaders().getFirst(HttpHeaders.USER_AGENT), "HTTP/1.1", (host != null) ? host : "",
				CallerIdentity.ANONYMOUS, AuthorizerOutput.NONE);
	}

}
