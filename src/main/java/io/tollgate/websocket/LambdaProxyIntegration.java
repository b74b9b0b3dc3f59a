package io.tollgate.websocket;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.function.FunctionInvoker;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@code AWS_PROXY} route integration: the function gets the WebSocket event of §B.4 through the
 * {@link FunctionInvoker} and answers {@code {statusCode, headers, body}}. A missing status is 200; an answer that
 * is not such an object is the reply text as it is. A function error or timeout is an integration failure.
 */
final class LambdaProxyIntegration implements RouteIntegration {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final FunctionInvoker invoker;

	private final String function;

	private final Duration timeout;

	LambdaProxyIntegration(FunctionInvoker invoker, String function, Duration timeout) {
		this.invoker = invoker;
		this.function = function;
		this.timeout = timeout;
	}

	@Override
	public Mono<IntegrationReply> invoke(RouteEvent event) {
		return this.invoker.invoke(this.function, WebSocketLambdaEvents.of(event), this.timeout)
			.onErrorMap((ex) -> !(ex instanceof IntegrationFailure),
					(ex) -> new IntegrationFailure("Invocation of " + this.function + " failed", ex))
			.map((response) -> {
				if (response.failed()) {
					throw new IntegrationFailure("Function " + this.function + " failed: " + response.functionError(),
							null);
				}
				return reply(response.payload());
			});
	}

	static IntegrationReply reply(byte[] payload) {
		JsonNode root;
		try {
			root = JSON.readTree(payload);
		}
		catch (JacksonException ex) {
			return IntegrationReply.ok(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
		}
		if (root == null || root.isNull() || root.isMissingNode()) {
			return IntegrationReply.ok(null);
		}
		if (!root.isObject() || !(root.has("statusCode") || root.has("body") || root.has("headers"))) {
			return IntegrationReply.ok(root.isString() ? root.asString() : root.toString());
		}
		int status = 200;
		JsonNode statusCode = root.get("statusCode");
		if (statusCode != null && statusCode.canConvertToInt()) {
			status = statusCode.asInt();
		}
		else if (statusCode != null && statusCode.isString()) {
			try {
				status = Integer.parseInt(statusCode.asString());
			}
			catch (NumberFormatException ex) {
				throw new IntegrationFailure("Malformed Lambda proxy response: statusCode " + statusCode, null);
			}
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		JsonNode multi = root.get("multiValueHeaders");
		if (multi != null && multi.isObject()) {
			for (Map.Entry<String, JsonNode> header : multi.properties()) {
				header.getValue().forEach((value) -> headers
					.computeIfAbsent(header.getKey(), (key) -> new java.util.ArrayList<>())
					.add(value.asString()));
			}
		}
		JsonNode single = root.get("headers");
		if (single != null && single.isObject()) {
			for (Map.Entry<String, JsonNode> header : single.properties()) {
				headers.putIfAbsent(header.getKey(), List.of(header.getValue().asString()));
			}
		}
		JsonNode body = root.get("body");
		String text = (body == null || body.isNull()) ? null : body.isString() ? body.asString() : body.toString();
		return new IntegrationReply(status, headers, text);
	}

	@Override
	public String toString() {
		return "LambdaProxyIntegration[" + this.function + ", timeout=" + this.timeout + "]";
	}

}
