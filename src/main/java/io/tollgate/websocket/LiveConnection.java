package io.tollgate.websocket;

import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * A connection open on this replica: its context, when its client was last active, its outgoing messages (a
 * bounded buffer: a client that does not read is refused further messages rather than buffered without end) and
 * how it closes. The first close decides the close code that {@code $disconnect} reports.
 */
public final class LiveConnection {

	/** Outgoing messages buffered per connection before {@code @connections} answers LimitExceededException. */
	static final int OUTGOING_BUFFER = 256;

	private final ConnectionContext context;

	private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(OUTGOING_BUFFER).get());

	private final AtomicReference<@Nullable CloseStatus> closeStatus = new AtomicReference<>();

	private final Sinks.One<CloseStatus> closeRequests = Sinks.one();

	private volatile long lastActiveAt;

	/** Whether a message arrived since the registry last published {@link #lastActiveAt()}. */
	private volatile boolean activeSinceHeartbeat;

	/**
	 * How a connection closed or is to close.
	 * @param code the WebSocket close code ({@code 1000}, {@code 1001}, {@code 1006} for an abnormal end)
	 * @param reason the close reason
	 */
	public record CloseStatus(int code, String reason) {

		static final CloseStatus NORMAL = new CloseStatus(1000, "Connection Closed Normally");

		static final CloseStatus GOING_AWAY = new CloseStatus(1001, "Going away");

		static final CloseStatus ABNORMAL = new CloseStatus(1006, "");

	}

	LiveConnection(ConnectionContext context) {
		this.context = context;
		this.lastActiveAt = context.connectedAt();
	}

	public ConnectionContext context() {
		return this.context;
	}

	public String connectionId() {
		return this.context.connectionId();
	}

	public long lastActiveAt() {
		return this.lastActiveAt;
	}

	ConnectionRecord record() {
		return this.context.record(this.lastActiveAt);
	}

	/** A message arrived from the client. */
	void active(long now) {
		this.lastActiveAt = now;
		this.activeSinceHeartbeat = true;
	}

	/** Whether a message arrived since the last call, for publishing {@code lastActiveAt} only when it changed. */
	boolean takeActivity() {
		boolean active = this.activeSinceHeartbeat;
		this.activeSinceHeartbeat = false;
		return active;
	}

	/** Queues a text message to the client. */
	Delivery send(String message) {
		if (this.closeStatus.get() != null) {
			return Delivery.GONE;
		}
		Sinks.EmitResult result;
		synchronized (this.outgoing) {
			result = this.outgoing.tryEmitNext(message);
		}
		return switch (result) {
			case OK -> Delivery.DELIVERED;
			case FAIL_OVERFLOW -> Delivery.LIMIT_EXCEEDED;
			default -> Delivery.GONE;
		};
	}

	/** The messages to send, for the one subscriber that writes them to the socket. */
	Flux<String> outgoing() {
		return this.outgoing.asFlux();
	}

	/**
	 * Asks the connection to close with {@code status}; the first close wins.
	 * @return whether this call decided how the connection closes
	 */
	boolean close(CloseStatus status) {
		if (!this.closeStatus.compareAndSet(null, status)) {
			return false;
		}
		synchronized (this.outgoing) {
			this.outgoing.tryEmitComplete();
		}
		this.closeRequests.tryEmitValue(status);
		return true;
	}

	/** Closes requested by the gateway ({@code @connections} DELETE, limits), for the socket to send. */
	reactor.core.publisher.Mono<CloseStatus> closeRequests() {
		return this.closeRequests.asMono();
	}

	/** The connection has ended: no close will be requested any more. */
	void noMoreCloses() {
		this.closeRequests.tryEmitEmpty();
	}

	/** Records how the connection ended when the gateway did not close it (the client did, or the network). */
	CloseStatus ended(CloseStatus observed) {
		this.closeStatus.compareAndSet(null, observed);
		synchronized (this.outgoing) {
			this.outgoing.tryEmitComplete();
		}
		CloseStatus decided = this.closeStatus.get();
		return (decided != null) ? decided : observed;
	}

	boolean isOpen() {
		return this.closeStatus.get() == null;
	}

	@Override
	public String toString() {
		return "LiveConnection[" + this.context.connectionId() + "]";
	}

}
