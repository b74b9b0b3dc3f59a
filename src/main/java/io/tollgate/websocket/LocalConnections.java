package io.tollgate.websocket;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/** The connections open on this replica, by id: the part of every {@link ConnectionRegistry} that is in-process. */
final class LocalConnections {

	private final Map<String, LiveConnection> connections = new ConcurrentHashMap<>();

	void add(LiveConnection connection) {
		this.connections.put(connection.connectionId(), connection);
	}

	void remove(LiveConnection connection) {
		this.connections.remove(connection.connectionId(), connection);
	}

	@Nullable LiveConnection find(String connectionId) {
		LiveConnection connection = this.connections.get(connectionId);
		return (connection != null && connection.isOpen()) ? connection : null;
	}

	Delivery post(String connectionId, String message) {
		LiveConnection connection = find(connectionId);
		return (connection != null) ? connection.send(message) : Delivery.GONE;
	}

	Delivery delete(String connectionId) {
		LiveConnection connection = find(connectionId);
		return (connection != null && connection.close(LiveConnection.CloseStatus.NORMAL)) ? Delivery.DELIVERED
				: Delivery.GONE;
	}

	Collection<LiveConnection> all() {
		return Collections.unmodifiableCollection(this.connections.values());
	}

}
