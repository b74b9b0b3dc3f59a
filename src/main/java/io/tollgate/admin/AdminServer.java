package io.tollgate.admin;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import io.tollgate.pipeline.RequestBodies;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The management API's own HTTP server, on its own port ({@code tollgate.admin.port}) so that it can be exposed,
 * secured and scaled apart from the data plane. Every call passes the authentication filter (SigV4), and every
 * failure is rendered by {@link AdminErrors}.
 */
public final class AdminServer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(AdminServer.class);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private final int port;

	private final HttpHandler handler;

	private final UnaryOperator<HttpServer> limits;

	private volatile @Nullable DisposableServer server;

	private volatile @Nullable LoopResources loops;

	/**
	 * @param port the port, 0 for a free one
	 * @param routes the management operations
	 * @param authentication the SigV4 check every call passes
	 * @param limits read deadlines, the connection cap and the kept-alive reading applied to the server
	 */
	public AdminServer(int port, List<AdminRoutes> routes,
			HandlerFilterFunction<ServerResponse, ServerResponse> authentication, UnaryOperator<HttpServer> limits) {
		this.port = port;
		this.limits = limits;
		RouterFunction<ServerResponse> router = routes.stream()
			.map(AdminRoutes::routes)
			.reduce(RouterFunction::and)
			.orElseGet(() -> RouterFunctions.route().build())
			.and(RouterFunctions.route((request) -> true,
					(request) -> AdminErrors.error(404, "NotFoundException",
							"Unknown operation " + request.method() + " " + request.path())))
			.filter(authentication)
			.filter(new AdminErrors());
		// Bodies up to AWS's payload limit (an API definition, a 300 KB template), not the codecs' 256 KB default.
		this.handler = RouterFunctions.toHttpHandler(router, HandlerStrategies.builder()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(RequestBodies.MAX_BODY_BYTES))
			.build());
	}

	/** The port the server listens on, once started. */
	public int port() {
		DisposableServer running = this.server;
		return (running != null) ? running.port() : this.port;
	}

	@Override
	public void start() {
		// Event loops of its own: management work never queues behind (or ahead of) the data plane's requests, and
		// the server does not depend on Reactor Netty's shared loops, which another application may dispose.
		LoopResources ownLoops = LoopResources.create("tollgate-admin", 1, true);
		this.loops = ownLoops;
		this.server = this.limits.apply(HttpServer.create())
			.runOn(ownLoops)
			.port(this.port)
			.handle(new ReactorHttpHandlerAdapter(this.handler))
			.bindNow();
		logger.info("Management API (AWS API Gateway protocol) listening on port " + this.server.port());
	}

	@Override
	public void stop() {
		DisposableServer running = this.server;
		if (running != null) {
			running.disposeNow();
		}
		this.server = null;
		LoopResources ownLoops = this.loops;
		if (ownLoops != null) {
			// No quiet period: the server and its connections are gone, so no task can come; Netty's default 2 s
			// would be waited at every stop, and Spring's test context cache stops a context at every switch.
			ownLoops.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).block(SHUTDOWN_TIMEOUT);
		}
		this.loops = null;
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

}
