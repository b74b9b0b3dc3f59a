package io.tollgate.websocket;

import java.util.Collection;

import reactor.core.publisher.Mono;

/** The {@link ConnectionRegistry} of a single node: every connection is this replica's own. */
public final class EmbeddedConnectionRegistry implements ConnectionRegistry {

	private final LocalConnections connections = new LocalConnections();

	@Override
	public Mono<Void> register(LiveConnection connection) {
		return Mono.fromRunnable(() -> this.connections.add(connection));
	}

	@Override
	public Mono<Void> unregister(LiveConnection connection) {
		return Mono.fromRunnable(() -> this.connections.remove(connection));
	}

	@Override
	public Mono<ConnectionRecord> find(String connectionId) {
		return Mono.fromSupplier(() -> {
			LiveConnection connection = this.connections.find(connectionId);
			return (connection != null) ? connection.record() : null;
		});
	}

	@Override
	public Mono<Delivery> post(String connectionId, String message) {
		return Mono.fromSupplier(() -> this.connections.post(connectionId, message));
	}

	@Override
	public Mono<Delivery> delete(String connectionId) {
		return Mono.fromSupplier(() -> this.connections.delete(connectionId));
	}

	@Override
	public Collection<LiveConnection> local() {
		return this.connections.all();
	}

}
