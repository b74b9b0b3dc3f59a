package io.tollgate.websocket;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.context.SmartLifecycle;

/**
 * Closes this replica's connections that outstay AWS's limits, with 1001 ("Going away"): idle longer than the idle
 * timeout (no message from the client), or open longer than the maximum connection duration. One periodic pass over
 * the open connections, at a tenth of the shorter limit (between 100 ms and 5 s).
 */
final class ConnectionSweeper implements SmartLifecycle {

	private final ConnectionRegistry registry;

	private final long idleMillis;

	private final long maxDurationMillis;

	private final long tickMillis;

	private volatile @Nullable Disposable sweeps;

	ConnectionSweeper(ConnectionRegistry registry, WebSocketProperties properties) {
		this.registry = registry;
		this.idleMillis = properties.idleTimeout().toMillis();
		this.maxDurationMillis = properties.maxConnectionDuration().toMillis();
		this.tickMillis = Math.max(100, Math.min(5000, Math.min(this.idleMillis, this.maxDurationMillis) / 10));
	}

	@Override
	public void start() {
		this.sweeps = Flux.interval(Duration.ofMillis(this.tickMillis))
			.subscribe((n) -> sweep(System.currentTimeMillis()));
	}

	@Override
	public boolean isRunning() {
		return this.sweeps != null;
	}

	/** Before the web server's graceful shutdown, which would otherwise wait for every open connection. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	void sweep(long now) {
		for (LiveConnection connection : this.registry.local()) {
			if (now - connection.lastActiveAt() >= this.idleMillis
					|| now - connection.context().connectedAt() >= this.maxDurationMillis) {
				connection.close(LiveConnection.CloseStatus.GOING_AWAY);
			}
		}
	}

	/** Stops sweeping and closes every connection of this replica with 1001, as a replica going away does. */
	@Override
	public void stop() {
		Disposable running = this.sweeps;
		this.sweeps = null;
		if (running != null) {
			running.dispose();
		}
		for (LiveConnection connection : this.registry.local()) {
			connection.close(LiveConnection.CloseStatus.GOING_AWAY);
		}
	}

}
