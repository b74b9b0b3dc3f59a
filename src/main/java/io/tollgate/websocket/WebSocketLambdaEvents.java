package io.tollgate.websocket;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.pipeline.AuthorizerOutput;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events a Lambda proxy integration of a WebSocket route receives, with the keys and key order of AWS's
 * captures: {@code headers} and query parameters on CONNECT, {@code body} on MESSAGE, the close code and reason on
 * DISCONNECT, and on every event the {@code $connect} authorizer's principal and context (values as strings).
 */
final class WebSocketLambdaEvents {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private WebSocketLambdaEvents() {
	}

	static byte[] of(RouteEvent event) {
		return JSON.writeValueAsBytes(asMap(event));
	}

	static Map<String, Object> asMap(RouteEvent event) {
		ConnectionContext connection = event.connection();
		Map<String, Object> lambdaEvent = new LinkedHashMap<>();
		switch (event.eventType()) {
			case CONNECT -> {
				Map<String, List<String>> headers = connectHeaders(connection);
				lambdaEvent.put("headers", firstValues(headers));
				lambdaEvent.put("multiValueHeaders", headers);
				if (!connection.queryParameters().isEmpty()) {
					lambdaEvent.put("queryStringParameters", firstValues(connection.queryParameters()));
					lambdaEvent.put("multiValueQueryStringParameters", connection.queryParameters());
				}
				lambdaEvent.put("requestContext", requestContext(event));
			}
			case MESSAGE -> {
				lambdaEvent.put("requestContext", requestContext(event));
				lambdaEvent.put("body", (event.body() != null) ? event.body() : "");
			}
			case DISCONNECT -> {
				// AWS sends a few headers with DISCONNECT, most of them empty.
				Map<String, String> headers = new LinkedHashMap<>();
				headers.put("Host", connection.domainName());
				headers.put("x-api-key", "");
				headers.put("X-Forwarded-For", "");
				headers.put("x-restapi", "");
				Map<String, List<String>> multiValueHeaders = new LinkedHashMap<>();
				headers.forEach((name, value) -> multiValueHeaders.put(name, List.of(value)));
				lambdaEvent.put("headers", headers);
				lambdaEvent.put("multiValueHeaders", multiValueHeaders);
				lambdaEvent.put("requestContext", requestContext(event));
			}
		}
		lambdaEvent.put("isBase64Encoded", false);
		return lambdaEvent;
	}

	private static Map<String, Object> requestContext(RouteEvent event) {
		ConnectionContext connection = event.connection();
		Map<String, Object> context = new LinkedHashMap<>();
		context.put("routeKey", event.routeKey());
		Map<String, Object> authorizer = authorizer(connection.authorizer());
		if (!authorizer.isEmpty()) {
			context.put("authorizer", authorizer);
		}
		if (event.messageId() != null) {
			context.put("messageId", event.messageId());
		}
		if (event.close() != null) {
			context.put("disconnectStatusCode", event.close().code());
		}
		context.put("eventType", event.eventType().name());
		context.put("extendedRequestId", event.requestId());
		context.put("requestTime", event.requestTime());
		context.put("messageDirection", "IN");
		if (event.close() != null) {
			context.put("disconnectReason", event.disconnectReason());
		}
		context.put("stage", connection.stage());
		context.put("connectedAt", connection.connectedAt());
		context.put("requestTimeEpoch", event.requestTimeEpoch());
		context.put("identity", identity(connection));
		context.put("requestId", event.requestId());
		context.put("domainName", connection.domainName());
		context.put("connectionId", connection.connectionId());
		context.put("apiId", connection.apiId());
		return context;
	}

	/** {@code $context.authorizer}: the principal and the context, every value a string on WebSocket APIs. */
	static Map<String, Object> authorizer(AuthorizerOutput output) {
		Map<String, Object> authorizer = new LinkedHashMap<>();
		if (output.principalId() != null) {
			authorizer.put("principalId", output.principalId());
		}
		output.context().forEach((name, value) -> authorizer.put(name, String.valueOf(value)));
		return authorizer;
	}

	private static Map<String, Object> identity(ConnectionContext connection) {
		Map<String, Object> identity = new LinkedHashMap<>();
		if (connection.identity().apiKey() != null) {
			identity.put("apiKey", connection.identity().apiKey());
			identity.put("apiKeyId", connection.identity().apiKeyId());
		}
		if (connection.identity().accessKey() != null) {
			identity.put("accessKey", connection.identity().accessKey());
			identity.put("accountId", connection.identity().accountId());
			identity.put("caller", connection.identity().caller());
			identity.put("user", connection.identity().user());
			identity.put("userArn", connection.identity().userArn());
		}
		identity.put("userAgent", (connection.userAgent() != null) ? connection.userAgent() : "");
		identity.put("sourceIp", connection.sourceIp());
		return identity;
	}

	/** The client's handshake headers plus those API Gateway adds, names as sent. */
	private static Map<String, List<String>> connectHeaders(ConnectionContext connection) {
		Map<String, List<String>> headers = new LinkedHashMap<>(connection.headers());
		putIfAbsent(headers, "X-Forwarded-For", connection.sourceIp());
		putIfAbsent(headers, "X-Forwarded-Proto", "http");
		return headers;
	}

	private static void putIfAbsent(Map<String, List<String>> headers, String name, String value) {
		if (headers.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
			headers.put(name, List.of(value));
		}
	}

	private static Map<String, @Nullable String> firstValues(Map<String, List<String>> values) {
		Map<String, @Nullable String> first = new LinkedHashMap<>();
		values.forEach((name, list) -> first.put(name, list.isEmpty() ? "" : list.get(list.size() - 1)));
		return first;
	}

}
