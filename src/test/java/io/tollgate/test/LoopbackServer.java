package io.tollgate.test;

import java.util.function.Consumer;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.resources.LoopResources;

/**
 * A Reactor Netty server on 127.0.0.1 and a free port, on event loops of its own: an application context closed in the
 * same JVM disposes Reactor Netty's global ones. Closing it releases both.
 */
public final class LoopbackServer implements AutoCloseable {

	private final LoopResources loops;

	private final DisposableServer server;

	private LoopbackServer(LoopResources loops, DisposableServer server) {
		this.loops = loops;
		this.server = server;
	}

	/** Bound at once, its one event loop thread named after {@code name}. */
	public static LoopbackServer start(String name, Consumer<? super HttpServerRoutes> routes) {
		LoopResources loops = LoopResources.create(name, 1, true);
		return new LoopbackServer(loops,
				HttpServer.create().runOn(loops).host("127.0.0.1").port(0).route(routes).bindNow());
	}

	public int port() {
		return this.server.port();
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.loops.dispose();
	}

}
