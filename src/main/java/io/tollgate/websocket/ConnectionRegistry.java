package io.tollgate.websocket;

import java.util.Collection;

import reactor.core.publisher.Mono;

/**
 * Where connections are found and reached, from any replica: a connection lives on the replica its client
 * connected to, and {@code @connections} calls may arrive at any replica. Embedded (one node) it is the replica's
 * own connections; with Redis each replica registers its connections under a lease it keeps renewing, and receives
 * messages for them on a channel of its own.
 */
public interface ConnectionRegistry {

	/** Makes a connection of this replica reachable from every replica. */
	Mono<Void> register(LiveConnection connection);

	/** Forgets a connection of this replica once it has closed. */
	Mono<Void> unregister(LiveConnection connection);

	/** The connection, wherever it lives; empty when it is gone. */
	Mono<ConnectionRecord> find(String connectionId);

	/** Sends a text message to the connection's client. */
	Mono<Delivery> post(String connectionId, String message);

	/** Closes the connection with 1000, as {@code DeleteConnection} does. */
	Mono<Delivery> delete(String connectionId);

	/** The connections open on this replica. */
	Collection<LiveConnection> local();

}
