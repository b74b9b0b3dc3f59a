package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.tollgate.function.FunctionInvoker;
import io.tollgate.function.FunctionResponse;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.HttpApiRequestFields;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.RequestBodies;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.response.HeaderValues;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * An HTTP API's {@code AWS_PROXY} integration: the function gets the payload format 2.0 event
 * ({@link HttpApiEvent}) or the REST-like 1.0 one with {@code "version": "1.0"}, and its result is read as that
 * format reads it (2.0 inferred, aws-behavior-v2 §A.4.1; 1.0 {@code statusCode} required, §A.4.2). A body flagged
 * base64 is decoded whatever its type; the Content-Type defaults to JSON. A function error, a result that is not a
 * response or an invocation that fails is 500 {@code Internal Server Error}; the integration timeout (30 s at most)
 * is 503 {@code Service Unavailable}.
 */
final class HttpApiLambdaIntegrationFilter extends IntegrationFilter {

	private static final Log logger = LogFactory.getLog(HttpApiLambdaIntegrationFilter.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LambdaInvocation invocation;

	private final boolean version2;

	HttpApiLambdaIntegrationFilter(HttpApiIntegration integration, ObjectProvider<FunctionInvoker> invoker) {
		this.invocation = new LambdaInvocation(integration.uri(),
				Duration.ofMillis(integration.timeoutInMillis()), invoker);
		this.version2 = !"1.0".equals(integration.payloadFormatVersion());
	}

	@Override
	Mono<Void> integrate(ServerWebExchange exchange, RequestContext context) {
		ServerHttpRequest request = exchange.getRequest();
		Mono<byte[]> event = RequestBodies.read(request).map((body) -> this.version2
				? HttpApiEvent.of(context, request, body) : version1Event(context, request, body));
		return this.invocation.invoke(context, event).flatMap((result) -> respond(exchange, context, result));
	}

	/** The REST proxy event with {@code version} first and HTTP APIs' differences (aws-behavior-v2 §A.3 end). */
	static byte[] version1Event(RequestContext context, ServerHttpRequest request, byte[] body) {
		Map<String, @Nullable Object> rest = ProxyEvent.asMap(context, request, body,
				body.length > 0 && !HttpApiRequestFields.isText(request.getHeaders()));
		Map<String, @Nullable Object> event = new java.util.LinkedHashMap<>();
		event.put("version", "1.0");
		event.putAll(rest);
		event.put("path", context.path());
		event.put("resource", routePath(context));
		@SuppressWarnings("unchecked")
		Map<String, @Nullable Object> requestContext = (Map<String, @Nullable Object>) rest.get("requestContext");
		if (requestContext != null) {
			requestContext.put("resourceId", null);
			requestContext.remove("deploymentId");
			if (!requestContext.containsKey("authorizer")) {
				Map<String, @Nullable Object> none = new java.util.LinkedHashMap<>();
				none.put("claims", null);
				none.put("scopes", null);
				requestContext.put("authorizer", none);
			}
			else if (context.authorizer().jwt()) {
				Map<String, @Nullable Object> jwt = new java.util.LinkedHashMap<>();
				jwt.put("claims", context.authorizer().claims());
				jwt.put("scopes", context.authorizer().scopes());
				requestContext.put("authorizer", jwt);
			}
			requestContext.put("path", context.path());
			requestContext.put("resourcePath", routePath(context));
			requestContext.put("routeKey", context.routeKey());
		}
		return JSON.writeValueAsBytes(event);
	}

	/** The matched route's path ({@code /pets/{id}}), or {@code $default}. */
	private static String routePath(RequestContext context) {
		String routeKey = String.valueOf(context.routeKey());
		int space = routeKey.indexOf(' ');
		return (space < 0) ? routeKey : routeKey.substring(space + 1);
	}

	private Mono<Void> respond(ServerWebExchange exchange, RequestContext context, FunctionResponse result) {
		if (result.failed()) {
			return failed(context, "Lambda function error");
		}
		int status;
		Map<String, List<String>> headers;
		byte[] body;
		if (this.version2) {
			HttpApiProxyResponse response = HttpApiProxyResponse.parse(result.payload());
			if (response == null) {
				return failed(context, "Malformed Lambda proxy response");
			}
			status = response.statusCode();
			headers = response.headers();
			body = response.body();
		}
		else {
			ProxyResponse response = ProxyResponse.parse(result.payload());
			if (response == null || !hasStatusCode(result.payload())) {
				return failed(context, "Malformed Lambda proxy response");
			}
			status = response.statusCode();
			headers = response.headers();
			try {
				body = response.base64Encoded() ? Base64.getMimeDecoder().decode(response.body())
						: response.body().getBytes(StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return failed(context, "Unable to base64 decode the body");
			}
		}
		HttpHeaders responseHeaders = exchange.getResponse().getHeaders();
		for (Map.Entry<String, List<String>> header : headers.entrySet()) {
			for (String value : header.getValue()) {
				if (!HeaderValues.isSafe(header.getKey(), value)) {
					return failed(context, "Malformed Lambda proxy response header");
				}
			}
			if (header.getKey().equalsIgnoreCase(HttpHeaders.SET_COOKIE)) {
				responseHeaders.addAll(HttpHeaders.SET_COOKIE, header.getValue());
			}
			else {
				responseHeaders.put(header.getKey(), header.getValue());
			}
		}
		responseHeaders.remove(HttpHeaders.TRANSFER_ENCODING);
		responseHeaders.remove(HttpHeaders.CONTENT_LENGTH);
		responseHeaders.remove(HttpHeaders.CONNECTION);
		if (responseHeaders.getContentType() == null) {
			responseHeaders.setContentType(MediaType.APPLICATION_JSON);
		}
		return MethodResponses.write(exchange.getResponse(), status, body);
	}

	private static boolean hasStatusCode(byte[] payload) {
		try {
			var root = JSON.readTree(payload);
			return root != null && root.isObject() && root.has("statusCode");
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static Mono<Void> failed(RequestContext context, String reason) {
		logger.info("Request " + context.requestId() + ": Execution failed due to configuration error: " + reason);
		return Mono.error(new GatewayResponseException(GatewayResponseType.INTEGRATION_FAILURE));
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("type", "AWS_PROXY")
			.append("uri", this.invocation.target())
			.append("payloadFormatVersion", this.version2 ? "2.0" : "1.0")
			.append("timeout", this.invocation.timeout())
			.toString();
	}

}
