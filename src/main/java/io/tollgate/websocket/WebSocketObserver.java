package io.tollgate.websocket;

import org.jspecify.annotations.Nullable;

/** What the WebSocket data plane reports for metrics and access logs. Every method must be cheap and never throw. */
interface WebSocketObserver {

	WebSocketObserver NONE = new WebSocketObserver() {
	};

	/** A handshake completed. */
	default void connected(ConnectionContext connection) {
	}

	/** A handshake was refused with {@code status} ({@code event} is the {@code $connect} event). */
	default void refused(RouteEvent event, int status) {
	}

	/** A message arrived and went to a route without integration, or to no route ({@code reply} null). */
	default void message(RouteEvent event, @Nullable IntegrationReply reply) {
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
