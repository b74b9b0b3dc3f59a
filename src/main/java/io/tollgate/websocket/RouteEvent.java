package io.tollgate.websocket;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One event of a connection as a route's integration sees it: the connection's facts plus what this event adds
 * (its route, its own request id, the message or the close). {@code $context} of WebSocket APIs.
 *
 * @param connection the connection
 * @param eventType {@code CONNECT}, {@code MESSAGE} or {@code DISCONNECT}
 * @param routeKey the route the event goes to ({@code $connect}, {@code sendmessage}, {@code $default})
 * @param requestId the event's request id (also its extended request id, as on AWS)
 * @param requestTimeEpoch when the event happened, epoch milliseconds
 * @param messageId the message's id (MESSAGE only)
 * @param body the message text (MESSAGE only)
 * @param close how the connection closed (DISCONNECT only)
 */
public record RouteEvent(ConnectionContext connection, EventType eventType, String routeKey, String requestId,
		long requestTimeEpoch, @Nullable String messageId, @Nullable String body,
		LiveConnection.@Nullable CloseStatus close) {

	/** CLF's time, as {@code requestContext.requestTime}: {@code 20/Jan/2024:11:55:08 +0000}. */
	private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter
		.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US)
		.withZone(ZoneOffset.UTC);

	/** What happened on the connection. */
	public enum EventType {

		CONNECT, MESSAGE, DISCONNECT

	}

	static RouteEvent connect(ConnectionContext connection) {
		return new RouteEvent(connection, EventType.CONNECT, WebSocketRoute.CONNECT, ConnectionIds.next(),
				connection.connectedAt(), null, null, null);
	}

	static RouteEvent message(ConnectionContext connection, String routeKey, String body) {
		return new RouteEvent(connection, EventType.MESSAGE, routeKey, ConnectionIds.next(),
				System.currentTimeMillis(), ConnectionIds.next(), body, null);
	}

	static RouteEvent disconnect(ConnectionContext connection, LiveConnection.CloseStatus close) {
		return new RouteEvent(connection, EventType.DISCONNECT, WebSocketRoute.DISCONNECT, ConnectionIds.next(),
				System.currentTimeMillis(), null, null, close);
	}

	/** {@code $context.requestTime}. */
	public String requestTime() {
		return REQUEST_TIME.format(Instant.ofEpochMilli(this.requestTimeEpoch));
	}

	/** The disconnect reason AWS reports: the normal close's text, else empty. */
	public String disconnectReason() {
		return (this.close != null && this.close.code() == 1000) ? LiveConnection.CloseStatus.NORMAL.reason() : "";
	}

	/**
	 * {@code $context} of WebSocket APIs, for mapping templates and access logs: the connection and event facts by
	 * AWS's names, the authorizer's values as strings.
	 */
	public Map<String, Object> contextVariables() {
		ConnectionContext connection = this.connection;
		Map<String, Object> identity = new LinkedHashMap<>();
		identity.put("sourceIp", connection.sourceIp());
		identity.put("userAgent", (connection.userAgent() != null) ? connection.userAgent() : "");
		putIfPresent(identity, "apiKey", connection.identity().apiKey());
		putIfPresent(identity, "apiKeyId", connection.identity().apiKeyId());
		putIfPresent(identity, "accountId", connection.identity().accountId());
		putIfPresent(identity, "caller", connection.identity().caller());
		putIfPresent(identity, "user", connection.identity().user());
		putIfPresent(identity, "userArn", connection.identity().userArn());
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("apiId", connection.apiId());
		variables.put("connectionId", connection.connectionId());
		variables.put("connectedAt", connection.connectedAt());
		variables.put("domainName", connection.domainName());
		variables.put("eventType", this.eventType.name());
		putIfPresent(variables, "messageId", this.messageId);
		variables.put("routeKey", this.routeKey);
		variables.put("requestId", this.requestId);
		variables.put("extendedRequestId", this.requestId);
		variables.put("requestTime", requestTime());
		variables.put("requestTimeEpoch", this.requestTimeEpoch);
		variables.put("stage", connection.stage());
		variables.put("identity", identity);
		variables.put("authorizer", WebSocketLambdaEvents.authorizer(connection.authorizer()));
		if (this.close != null) {
			variables.put("disconnectStatusCode", this.close.code());
			variables.put("disconnectReason", disconnectReason());
		}
		return variables;
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	@Override
	public String toString() {
		// The body may carry personal data.
		return "RouteEvent[" + this.eventType + " " + this.routeKey + " on " + this.connection.connectionId() + "]";
	}

}
