package io.tollgate.websocket;

/** What the WebSocket data plane reports for metrics and access logs. Every method must be cheap and never throw. */
interface WebSocketObserver {

	WebSocketObserver NONE = new WebSocketObserver() {
	};

	/** A handshake completed ({@code event} is the {@code $connect} event). */
	default void connected(RouteEvent event) {
	}

	/** A handshake was refused with {@code status} ({@code event} is the {@code $connect} event). */
	default void refused(RouteEvent event, int status) {
	}

	/** A message arrived from a client. */
	default void received(ConnectionContext connection) {
	}

	/** A message went to a client (a reply, an {@code @connections} post, an error message). */
	default void sent(ConnectionContext connection) {
	}

	/** A message matched no route and there is no {@code $default}. */
	default void unrouted(RouteEvent event) {
	}

	/** A message was throttled ({@code status} 429) or its throttle could not be checked (503). */
	default void throttled(RouteEvent event, int status) {
	}

	/** An integration answered. */
	default void integrated(RouteEvent event, IntegrationReply reply, long nanos) {
	}

	/** An integration failed. */
	default void failed(RouteEvent event, Throwable error, long nanos) {
	}

	/** A connection closed. */
	default void disconnected(RouteEvent event) {
	}

}
