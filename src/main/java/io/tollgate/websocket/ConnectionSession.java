package io.tollgate.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.tollgate.usage.RouteThrottle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.NettyPipeline;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * An open connection, from its registration before the handshake's answer to {@code $disconnect}: routes each message by the
 * stage's route selection expression to its route's integration (replying on two-way routes, answering AWS's error
 * frames otherwise), writes what {@code @connections} and replies send, closes it when the gateway decides to
 * (a limit, {@code DeleteConnection}) and, however it ended, unregisters it and runs {@code $disconnect} with the
 * close code.
 */
final class ConnectionSession {

	private static final Log logger = LogFactory.getLog(ConnectionSession.class);

	/** Messages of one connection whose integrations run at once; later ones wait (the socket's backpressure). */
	static final int MESSAGES_IN_FLIGHT = 16;

	/** Messages larger than this are routed off the event loop (their JSON parse is not free). */
	private static final int LARGE_MESSAGE = 16 * 1024;

	private final ConnectionRegistry registry;

	private final WebSocketStages stages;

	private final WebSocketProperties properties;

	private final WebSocketObserver observer;

	ConnectionSession(ConnectionRegistry registry, WebSocketStages stages, WebSocketProperties properties,
			WebSocketObserver observer) {
		this.registry = registry;
		this.stages = stages;
		this.properties = properties;
		this.observer = observer;
	}

	/**
	 * Registers a connection whose {@code $connect} allowed it, before its handshake is answered: as on AWS,
	 * {@code @connections} reaches it as soon as its client can know it is open (what is posted before the socket
	 * is up waits in its outgoing buffer).
	 */
	Mono<LiveConnection> open(ConnectionContext context) {
		LiveConnection live = new LiveConnection(context);
		return this.registry.register(live).thenReturn(live);
	}

	/** Forgets a connection {@link #open opened} whose handshake did not complete. */
	void abandon(LiveConnection live) {
		live.ended(LiveConnection.CloseStatus.ABNORMAL);
		this.registry.unregister(live)
			.subscribe(null, (ex) -> logger.debug("Unregistering " + live.connectionId() + " failed", ex));
	}

	/** Serves an {@link #open opened} connection from its completed handshake until it closes. */
	Mono<Void> run(WebsocketInbound in, WebsocketOutbound out, LiveConnection live, WebSocketStage connectedTo) {
		// The HTTP server's deadlines (tollgate.server.*) are for reading requests; an upgraded connection has the
		// WebSocket limits instead.
		in.withConnection((connection) -> connection.removeHandler(NettyPipeline.ReadTimeoutHandler)
			.removeHandler(NettyPipeline.IdleTimeoutHandler));
		ConnectionContext context = live.context();
		AtomicReference<LiveConnection.@Nullable CloseStatus> observed = new AtomicReference<>();
		Disposable closeStatus = in.receiveCloseStatus()
			.subscribe((status) -> observed.compareAndSet(null,
					new LiveConnection.CloseStatus(status.code(), status.reasonText())), (ex) -> {
					});
		live.closeRequests()
			.flatMap((status) -> out.sendClose(status.code(), status.reason()))
			.subscribe(null, (ex) -> {
			});
		Mono<Void> reading = in.receiveFrames()
			.handle(new MessageAssembler(live, this.properties.messageBytes()))
			.flatMap((message) -> dispatch(live, connectedTo, message), MESSAGES_IN_FLIGHT)
			.then()
			.onErrorResume((ex) -> {
				observed.compareAndSet(null, closeStatusOf(ex));
				return Mono.empty();
			})
			.doFinally((signal) -> live.ended(orAbnormal(observed.get())));
		Mono<Void> writing = out.sendString(live.outgoing().doOnNext((message) -> this.observer.sent(context)),
				StandardCharsets.UTF_8).then().onErrorResume((ex) -> {
			live.ended(orAbnormal(observed.get()));
			return Mono.empty();
		});
		this.observer.connected(RouteEvent.connect(context));
		return Mono.when(reading, writing)
			.doFinally((signal) -> {
				closeStatus.dispose();
				// Not disposed: a close being written must finish (cancelling it releases the frame unwritten).
				live.noMoreCloses();
				LiveConnection.CloseStatus status = live.ended(orAbnormal(observed.get()));
				this.registry.unregister(live)
					.then(disconnect(context, connectedTo, status))
					.subscribe(null, (ex) -> logger.debug("$disconnect of " + context.connectionId() + " failed", ex));
			});
	}

	private Mono<Void> dispatch(LiveConnection live, WebSocketStage connectedTo, String message) {
		live.active(System.currentTimeMillis());
		this.observer.received(live.context());
		Mono<Void> routed = Mono.defer(() -> route(live, current(connectedTo), message));
		return (message.length() > LARGE_MESSAGE) ? routed.subscribeOn(Schedulers.parallel()) : routed;
	}

	private Mono<Void> route(LiveConnection live, WebSocketStage stage, String message) {
		ConnectionContext context = live.context();
		WebSocketRoute route = stage.select(message);
		if (route == null) {
			RouteEvent event = RouteEvent.message(context, "", message);
			this.observer.unrouted(event);
			live.send(errorFrame("Forbidden", context, event.requestId()));
			return Mono.empty();
		}
		RouteEvent event = RouteEvent.message(context, route.routeKey(), message);
		return route.throttle().acquire().flatMap((outcome) -> {
			if (outcome == RouteThrottle.Outcome.ADMITTED) {
				return validateThenIntegrate(live, route, event);
			}
			// Unverified: AWS's guide records no frame for a throttled message; this is its error frames' shape.
			this.observer.throttled(event, (outcome == RouteThrottle.Outcome.THROTTLED) ? 429 : 503);
			live.send(errorFrame((outcome == RouteThrottle.Outcome.THROTTLED) ? "Too Many Requests"
					: "Service Unavailable", context, event.requestId()));
			return Mono.empty();
		});
	}

	private Mono<Void> validateThenIntegrate(LiveConnection live, WebSocketRoute route, RouteEvent event) {
		if (!route.validation().validatesMessages()) {
			return integrate(live, route, event);
		}
		// The author's schema against up to a whole message: off the event loop, as REST validation.
		return Mono.fromCallable(() -> route.validation().accepts(Objects.requireNonNull(event.body())))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((valid) -> valid ? integrate(live, route, event) : refuse(live, event));
	}

	/** A message that failed validation: AWS's error on the socket, the backend not called. */
	private Mono<Void> refuse(LiveConnection live, RouteEvent event) {
		this.observer.refused(event, 400);
		live.send(RouteRequestValidation.badRequestBody(event));
		return Mono.empty();
	}

	private Mono<Void> integrate(LiveConnection live, WebSocketRoute route, RouteEvent event) {
		ConnectionContext context = live.context();
		RouteIntegration integration = route.integration();
		if (integration == null) {
			return Mono.empty();
		}
		long started = System.nanoTime();
		return integration.invoke(event).doOnNext((reply) -> {
			this.observer.integrated(event, reply, System.nanoTime() - started);
			if (route.twoWay() && reply.body() != null) {
				live.send(reply.body());
			}
		}).onErrorResume((ex) -> {
			this.observer.failed(event, ex, System.nanoTime() - started);
			live.send(errorFrame("Internal server error", context, event.requestId()));
			return Mono.empty();
		}).then();
	}

	private Mono<Void> disconnect(ConnectionContext context, WebSocketStage connectedTo,
			LiveConnection.CloseStatus status) {
		WebSocketStage stage = current(connectedTo);
		WebSocketRoute route = stage.route(WebSocketRoute.DISCONNECT);
		RouteEvent event = RouteEvent.disconnect(context, status);
		this.observer.disconnected(event);
		if (route == null || route.integration() == null) {
			return Mono.empty();
		}
		long started = System.nanoTime();
		// Best effort, as on AWS: the connection is gone and the answer is ignored.
		return route.integration()
			.invoke(event)
			.doOnNext((reply) -> this.observer.integrated(event, reply, System.nanoTime() - started))
			.doOnError((ex) -> this.observer.failed(event, ex, System.nanoTime() - started))
			.onErrorResume((ex) -> Mono.empty())
			.then();
	}

	/** The stage as currently deployed (a redeployment applies to open connections), else as at the handshake. */
	private WebSocketStage current(WebSocketStage connectedTo) {
		WebSocketStage stage = this.stages.find(connectedTo.apiId(), connectedTo.stage());
		return (stage != null) ? stage : connectedTo;
	}

	/** AWS's error message on the socket: the connection stays open. */
	static String errorFrame(String message, ConnectionContext context, String requestId) {
		return "{\"message\": \"" + message + "\", \"connectionId\":\"" + context.connectionId()
				+ "\", \"requestId\":\"" + requestId + "\"}";
	}

	private static LiveConnection.CloseStatus closeStatusOf(Throwable ex) {
		if (ex instanceof CorruptedWebSocketFrameException corrupted) {
			WebSocketCloseStatus status = corrupted.closeStatus();
			return new LiveConnection.CloseStatus(status.code(), status.reasonText());
		}
		return LiveConnection.CloseStatus.ABNORMAL;
	}

	private static LiveConnection.CloseStatus orAbnormal(LiveConnection.@Nullable CloseStatus status) {
		return (status != null) ? status : LiveConnection.CloseStatus.ABNORMAL;
	}

}
