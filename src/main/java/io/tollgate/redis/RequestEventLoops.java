package io.tollgate.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a request continues after a Redis reply. Lettuce completes commands on its own event loop, which every Redis
 * user of the replica shares, so the rest of the pipeline must not run there; it goes back to the event loop of the
 * request's own connection, where it started. That is one hand-over, not two: the integration's call and the
 * response's write then stay on the thread that owns the client connection, as on a request that asked Redis
 * nothing (from a pool of other threads, each would be handed over again).
 */
public final class RequestEventLoops {

	// One per event loop of the server: as many as its threads, for the life of the process.
	private static final Map<EventLoop, Scheduler> SCHEDULERS = new ConcurrentHashMap<>();

	private RequestEventLoops() {
	}

	/** The event loop of {@code exchange}'s connection; the parallel scheduler for a request without one. */
	public static Scheduler of(ServerWebExchange exchange) {
		EventLoop loop = eventLoop(exchange);
		return (loop != null) ? SCHEDULERS.computeIfAbsent(loop, Schedulers::fromExecutor) : Schedulers.parallel();
	}

	/** The event loop of {@code exchange}'s connection; {@code null} for a request without one. */
	public static @Nullable EventLoop eventLoop(ServerWebExchange exchange) {
		Object nativeRequest;
		try {
			nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// Not a request of the HTTP server (a test invocation).
			return null;
		}
		return (nativeRequest instanceof Connection connection) ? connection.channel().eventLoop() : null;
	}

}
