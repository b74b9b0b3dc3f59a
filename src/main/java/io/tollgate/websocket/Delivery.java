package io.tollgate.websocket;

/** What became of a message or close sent to a connection through the {@link ConnectionRegistry}. */
public enum Delivery {

	/** Handed to the connection (or to the replica it lives on). */
	DELIVERED,

	/** No such connection: it closed, never existed, or its replica is gone ({@code GoneException}). */
	GONE,

	/** The connection's outgoing buffer is full: the client does not read fast enough ({@code LimitExceededException}). */
	LIMIT_EXCEEDED

}
