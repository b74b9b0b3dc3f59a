package io.tollgate.routing;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Method;
import io.tollgate.model.Resource;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.ProtocolType;
import io.tollgate.pipeline.InvokeTarget;
import io.tollgate.pipeline.MethodFilterFactory;
import io.tollgate.store.ApiStore;
import io.tollgate.store.DefinitionStore;
import io.tollgate.store.DefinitionFiles;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.server.ServerWebExchange;

/**
 * The routes generated from the API store. Compiles every API at start, then follows the store's change feed:
 * each changed API is recompiled off the request path and swapped into the {@link RouteTable} at once, so
 * requests already routed finish on the routes they started with. Serves the routes to Spring Cloud Gateway (the
 * actuator lists them) and resolves requests to routes for {@link IndexedRoutePredicateHandlerMapping}.
 */
public final class ApiRouteLocator implements RouteLocator, SmartLifecycle, MethodRoutePredicate.Resolver {

	private static final Log logger = LogFactory.getLog(ApiRouteLocator.class);

	private static final Duration INITIAL_LOAD_TIMEOUT = Duration.ofMinutes(2);

	/** A gateway without a v2 store serves no HTTP APIs. */
	private static final DefinitionStore<ApiV2Definition> NO_HTTP_APIS = new DefinitionStore<>() {

		@Override
		public Flux<ApiV2Definition> findAll() {
			return Flux.empty();
		}

		@Override
		public Mono<ApiV2Definition> find(String apiId) {
			return Mono.empty();
		}

		@Override
		public Mono<ApiV2Definition> save(ApiV2Definition definition, long expectedVersion) {
			return Mono.error(new UnsupportedOperationException("No store of HTTP APIs"));
		}

		@Override
		public Mono<Boolean> delete(String apiId) {
			return Mono.just(false);
		}

		@Override
		public Flux<ApiStore.ApiChange> changes() {
			return Flux.never();
		}

	};

	/** How long a write waits for this node to serve it; past that it answers anyway and the change feed follows. */
	private static final Duration SERVED_TIMEOUT = Duration.ofSeconds(10);

	private final ApiStore store;

	private final RouteCompiler compiler;

	private final DefinitionStore<ApiV2Definition> httpApis;

	private final HttpApiCompiler httpCompiler;

	private final ApplicationEventPublisher publisher;

	private final @Nullable String defaultApi;

	private volatile RouteTable table = RouteTable.EMPTY;

	private volatile @Nullable Disposable changeSubscription;

	/**
	 * Reloads asked for by this node's own writes, applied in turn with the change feed's; a new one per start, as
	 * stopping cancels the subscription that ends a sink.
	 */
	private volatile Sinks.Many<Reload> localReloads = Sinks.many().unicast().onBackpressureBuffer();

	private final Counter rebuilds;

	private final Counter failedRebuilds;

	/**
	 * The routes {@link #check} compiled last for each API, so that serving that definition once stored does not
	 * compile it a second time (an API of 10,000 methods takes a while). Replaced by the next check of the API.
	 */
	private final Map<String, Checked> checked = new ConcurrentHashMap<>();

	private record Checked(ApiDefinition definition, Map<String, CompiledStage> stages) {

		boolean compiled(ApiDefinition stored) {
			return this.definition == stored || this.definition.equals(stored);
		}

	}

	public ApiRouteLocator(ApiStore store, List<MethodFilterFactory> filterFactories,
			ApplicationEventPublisher publisher, @Nullable String defaultApi, MeterRegistry meterRegistry) {
		this(store, null, filterFactories, publisher, defaultApi, meterRegistry);
	}

	/**
	 * @param httpApis the store of HTTP (and WebSocket) APIs, whose HTTP APIs are served besides the REST APIs of
	 * {@code store}; {@code null} for none
	 */
	public ApiRouteLocator(ApiStore store, @Nullable DefinitionStore<ApiV2Definition> httpApis,
			List<MethodFilterFactory> filterFactories,
			ApplicationEventPublisher publisher, @Nullable String defaultApi, MeterRegistry meterRegistry) {
		this.rebuilds = Counter.builder(MeterNames.ROUTE_REBUILDS)
			.description("Route rebuilds after a change of an API")
			.tag(MeterNames.TAG_OUTCOME, "success")
			.register(meterRegistry);
		this.failedRebuilds = Counter.builder(MeterNames.ROUTE_REBUILDS)
			.description("Route rebuilds after a change of an API")
			.tag(MeterNames.TAG_OUTCOME, "failure")
			.register(meterRegistry);
		this.store = store;
		this.compiler = new RouteCompiler(filterFactories, this);
		this.httpApis = (httpApis != null) ? httpApis : NO_HTTP_APIS;
		this.httpCompiler = new HttpApiCompiler(filterFactories, this);
		this.publisher = publisher;
		this.defaultApi = defaultApi;
	}

	@Override
	public Flux<Route> getRoutes() {
		return Flux.fromIterable(this.table.routes());
	}

	/** Resolves a request: API and stage from the URL, canary drawn, then the stage's path tree. */
	@Nullable Resolution resolve(InvokeTarget target, String verb) {
		CompiledStage stage = this.table.stage(target.apiId(), target.stage());
		if (stage == null) {
			return null;
		}
		boolean canary = stage.drawCanary();
		CompiledDeployment deployment = canary ? stage.canary() : stage.base();
		PathTree.Match<ResourceRoutes> match = deployment.tree()
			.match(target.path(), (routes) -> routes.routeFor(verb) != null);
		Map<String, String> variables = canary ? stage.canaryVariables() : stage.stage().variables();
		return new Resolution(stage, deployment.deploymentId(), deployment.components(), match,
				(match != null) ? match.value().routeFor(verb) : null, variables, stage.canaryFlag(canary),
				deployment.executeApiEndpointDisabled());
	}

	/**
	 * Resolves a request to an HTTP API: the stage (the first path segment naming one, else {@code $default}, or
	 * the one a custom domain's mapping names), then the route with AWS's precedence; a CORS preflight goes to the
	 * stage's preflight route when the API has a CORS configuration.
	 * @param fixedStage the stage a custom domain's API mapping names, {@code null} to select it from the path
	 * @param path the request path (below the mapping key, for a custom domain)
	 * @return {@code null} when the API is not an HTTP API served here
	 */
	@Nullable HttpResolution resolveHttp(String apiId, @Nullable String fixedStage, String path, String verb,
			boolean preflight) {
		Map<String, CompiledHttpStage> stages = this.table.httpStages(apiId);
		if (stages == null) {
			return null;
		}
		StageSelection selection = (fixedStage != null) ? new StageSelection(fixedStage, path.isEmpty() ? "/" : path)
				: StageSelection.select(stages.keySet(), path);
		CompiledHttpStage stage = (selection != null) ? stages.get(selection.stage()) : null;
		if (stage == null) {
			return new HttpResolution(null, selection, null, null);
		}
		if (preflight && stage.preflight() != null) {
			return new HttpResolution(stage, selection, null, stage.preflight());
		}
		RouteIndex.Match<Route> match = stage.index().match(verb, selection.path());
		return new HttpResolution(stage, selection, match, (match != null) ? match.value() : null);
	}

	/** Whether {@code apiId} is an HTTP API served here. */
	boolean isHttpApi(String apiId) {
		return this.table.httpStages(apiId) != null;
	}

	/**
	 * TestInvokeMethod's route: {@code method} as {@code definition} defines it now (deployed or not), in the
	 * {@code test-invoke-stage}, with the filters {@code include} accepts.
	 */
	public Route testInvokeRoute(ApiDefinition definition, Resource resource, Method method,
			Predicate<GatewayFilter> include) {
		return this.compiler.testInvokeRoute(definition, resource, method, include);
	}

	/**
	 * Compiles {@code definition} without serving it, so that a change the gateway could not serve is refused
	 * before it is stored.
	 * @throws ApiModelException.BadRequest when a method's pipeline cannot be built
	 */
	public void check(ApiDefinition definition) {
		try {
			this.checked.put(definition.id(), new Checked(definition, this.compiler.compile(definition)));
		}
		catch (ApiModelException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw ApiModelException.badRequest("The API cannot be served as changed: " + ex.getMessage());
		}
	}

	/** The version of an API's definition that requests are served from now; -1 when the API is not served. */
	public long servedVersion(String apiId) {
		return this.table.version(apiId);
	}

	boolean hasApi(String apiId) {
		return this.table.hasApi(apiId);
	}

	@Nullable String defaultApi() {
		return this.defaultApi;
	}

	@Override
	public @Nullable Route peek(ServerWebExchange exchange) {
		String hostApi = InvokeTarget.hostApiId(exchange.getRequest().getHeaders().getFirst("Host"), this.defaultApi);
		if (hostApi != null && isHttpApi(hostApi)) {
			HttpResolution resolution = resolveHttp(hostApi, null, exchange.getRequest().getURI().getRawPath(),
					exchange.getRequest().getMethod().name(), false);
			return (resolution != null) ? resolution.route() : null;
		}
		InvokeTarget target = InvokeTarget.parse(exchange.getRequest().getHeaders().getFirst("Host"),
				exchange.getRequest().getURI().getRawPath(), this.defaultApi);
		if (target == null) {
			return null;
		}
		CompiledStage stage = this.table.stage(target.apiId(), target.stage());
		if (stage == null) {
			return null;
		}
		String verb = exchange.getRequest().getMethod().name();
		Route route = routeIn(stage.base(), target, verb);
		return (route != null || stage.canary() == null) ? route : routeIn(stage.canary(), target, verb);
	}

	private static @Nullable Route routeIn(CompiledDeployment deployment, InvokeTarget target, String verb) {
		PathTree.Match<ResourceRoutes> match = deployment.tree()
			.match(target.path(), (routes) -> routes.routeFor(verb) != null);
		return (match != null) ? match.value().routeFor(verb) : null;
	}

	@Override
	public void start() {
		this.store.findAll()
			.doOnNext((definition) -> apply(definition, false))
			.then()
			.block(INITIAL_LOAD_TIMEOUT);
		this.httpApis.findAll()
			.filter(ApiRouteLocator::isHttp)
			.doOnNext((definition) -> applyHttp(definition, false))
			.then()
			.block(INITIAL_LOAD_TIMEOUT);
		Flux<Reload> feed = Flux.merge(this.store.changes().map((change) -> new Reload(change, false, null)),
				this.httpApis.changes().map((change) -> new Reload(change, true, null)));
		Sinks.Many<Reload> localReloads = Sinks.many().unicast().onBackpressureBuffer();
		this.localReloads = localReloads;
		this.changeSubscription = Flux.merge(feed, localReloads.asFlux())
			.publishOn(Schedulers.boundedElastic())
			.concatMap((reload) -> (reload.http()
					? (reload.change().isEverything() ? reloadAllHttp() : reloadHttp(reload.change().apiId()))
					: (reload.change().isEverything() ? reloadAll() : reload(reload.change().apiId())))
				.onErrorResume((ex) -> {
					logger.error("Could not reload API " + reload.change().apiId() + "; it keeps its current routes",
							ex);
					return Mono.empty();
				})
				.doFinally((signal) -> reload.done()))
			.subscribe();
		this.publisher.publishEvent(new RefreshRoutesEvent(this));
	}

	/**
	 * Completes once this node serves what the store holds now for {@code apiId} (or after {@code SERVED_TIMEOUT}),
	 * so that a management write answers only when the writer's next request sees it. The reload goes through the
	 * change feed's queue, so an older version is never swapped in after a newer one.
	 */
	public Mono<Void> served(String apiId) {
		return Mono.defer(() -> {
			if (!isRunning()) {
				return Mono.empty();
			}
			Sinks.Empty<Void> done = Sinks.empty();
			this.localReloads.emitNext(new Reload(new ApiStore.ApiChange(apiId), false, done),
					Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
			return done.asMono().timeout(SERVED_TIMEOUT, Mono.empty());
		});
	}

	/**
	 * Completes once this node serves what the v2 store holds now for the HTTP API {@code apiId} (or after the
	 * same timeout as {@link #served}), so that a management write (an autoDeploy stage's change among them)
	 * answers only when the writer's next request sees it.
	 */
	public Mono<Void> servedHttpApi(String apiId) {
		return Mono.defer(() -> {
			if (!isRunning()) {
				return Mono.empty();
			}
			Sinks.Empty<Void> done = Sinks.empty();
			this.localReloads.emitNext(new Reload(new ApiStore.ApiChange(apiId), true, done),
					Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
			return done.asMono().timeout(SERVED_TIMEOUT, Mono.empty());
		});
	}

	/** The version of an HTTP API's definition that requests are served from now; -1 when it is not served. */
	public long servedHttpApiVersion(String apiId) {
		return this.table.httpVersion(apiId);
	}

	/**
	 * Compiles an HTTP API without serving it, so that a change the gateway could not serve is refused before it
	 * is stored.
	 * @throws ApiModelException.BadRequest when a route's pipeline cannot be built
	 */
	public void checkHttpApi(ApiV2Definition definition) {
		if (!isHttp(definition)) {
			return;
		}
		try {
			this.httpCompiler.compile(definition);
		}
		catch (ApiModelException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw ApiModelException.badRequest("The API cannot be served as changed: " + ex.getMessage());
		}
	}

	private static boolean isHttp(ApiV2Definition definition) {
		return definition.protocolType() == ProtocolType.HTTP;
	}

	private Mono<Void> reloadHttp(String apiId) {
		return this.httpApis.find(apiId)
			.filter(ApiRouteLocator::isHttp)
			.doOnNext((definition) -> applyHttp(definition, true))
			.switchIfEmpty(Mono.fromRunnable(() -> removeHttp(apiId)))
			.then();
	}

	private Mono<Void> reloadAllHttp() {
		return this.httpApis.findAll().filter(ApiRouteLocator::isHttp).collectList().doOnNext((definitions) -> {
			Set<String> stored = new HashSet<>();
			for (ApiV2Definition definition : definitions) {
				stored.add(definition.id());
				if (this.table.httpVersion(definition.id()) != definition.version()) {
					applyHttp(definition, true);
				}
			}
			for (String apiId : Set.copyOf(this.table.httpApiIds())) {
				if (!stored.contains(apiId)) {
					removeHttp(apiId);
				}
			}
		}).then();
	}

	/** Compiles and swaps in one HTTP API. */
	synchronized void applyHttp(ApiV2Definition definition, boolean announce) {
		try {
			Map<String, CompiledHttpStage> stages = this.httpCompiler.compile(definition);
			this.table = this.table.withHttpApi(definition.id(), definition.version(), stages);
			this.rebuilds.increment();
			if (logger.isInfoEnabled()) {
				logger.info("Serving HTTP API " + definition.id() + " version " + definition.version() + ": stages "
						+ stages.keySet());
			}
		}
		catch (RuntimeException ex) {
			logger.error("HTTP API " + definition.id() + " version " + definition.version()
					+ " could not be compiled; it keeps its current routes", ex);
			this.failedRebuilds.increment();
			return;
		}
		if (announce) {
			this.publisher.publishEvent(new RefreshRoutesEvent(this));
		}
	}

	synchronized void removeHttp(String apiId) {
		if (this.table.httpStages(apiId) == null) {
			return;
		}
		this.table = this.table.withHttpApi(apiId, -1, null);
		logger.info("HTTP API " + apiId + " removed");
		this.publisher.publishEvent(new RefreshRoutesEvent(this));
	}

	private Mono<Void> reload(String apiId) {
		return this.store.find(apiId)
			.doOnNext((definition) -> apply(definition, true))
			.switchIfEmpty(Mono.fromRunnable(() -> remove(apiId)))
			.then();
	}

	private Mono<Void> reloadAll() {
		return this.store.findAll().collectList().doOnNext((definitions) -> {
			Set<String> stored = new HashSet<>();
			for (ApiDefinition definition : definitions) {
				stored.add(definition.id());
				if (this.table.version(definition.id()) != definition.version()) {
					apply(definition, true);
				}
			}
			for (String apiId : this.table.apiIds()) {
				if (!stored.contains(apiId)) {
					remove(apiId);
				}
			}
		}).then();
	}

	/** Compiles and swaps in one API. Changes arrive one at a time, so swaps never race. */
	synchronized void apply(ApiDefinition definition, boolean announce) {
		try {
			Checked checked = this.checked.remove(definition.id());
			Map<String, CompiledStage> stages = (checked != null && checked.compiled(definition)) ? checked.stages()
					: this.compiler.compile(definition);
			this.table = this.table.withApi(definition.id(), definition.version(), stages);
			this.rebuilds.increment();
			if (logger.isInfoEnabled()) {
				logger.info("Serving API " + definition.id() + " version " + definition.version() + ": stages "
						+ definition.stages().keySet());
			}
		}
		catch (RuntimeException ex) {
			logger.error("API " + definition.id() + " version " + definition.version()
					+ " could not be compiled; it keeps its current routes", ex);
			this.failedRebuilds.increment();
			return;
		}
		if (announce) {
			this.publisher.publishEvent(new RefreshRoutesEvent(this));
		}
	}

	synchronized void remove(String apiId) {
		this.checked.remove(apiId);
		if (this.table.version(apiId) < 0) {
			// Never served here: an API of another type (the change feed announces every type) or a refused one.
			return;
		}
		this.table = this.table.withApi(apiId, -1, null);
		logger.info("API " + apiId + " removed");
		this.publisher.publishEvent(new RefreshRoutesEvent(this));
	}

	@Override
	public void stop() {
		Disposable subscription = this.changeSubscription;
		if (subscription != null) {
			subscription.dispose();
		}
		this.changeSubscription = null;
	}

	/** Right after definition files are applied, before the server accepts requests. */
	@Override
	public int getPhase() {
		return DefinitionFiles.PHASE + 1;
	}

	@Override
	public boolean isRunning() {
		return this.changeSubscription != null;
	}

	/** A reload of one API (or all), and who waits for it. */
	private record Reload(ApiStore.ApiChange change, boolean http, Sinks.@Nullable Empty<Void> waiter) {

		void done() {
			if (this.waiter != null) {
				this.waiter.tryEmitEmpty();
			}
		}

	}

	/**
	 * Where a request to an HTTP API goes.
	 * @param stage {@code null} when no stage serves the request
	 * @param selection the stage and the path below it; {@code null} when no stage was selected
	 * @param match the matched route key and path parameters; {@code null} for no route (or a preflight)
	 * @param route {@code null} when no route serves the request
	 */
	record HttpResolution(@Nullable CompiledHttpStage stage, @Nullable StageSelection selection,
			RouteIndex.@Nullable Match<Route> match, @Nullable Route route) {
	}

	/**
	 * Where a request goes. {@code route} is {@code null} when no resource and verb match.
	 *
	 * @param canaryRequest {@code null} when the stage has no canary
	 * @param executeApiEndpointDisabled whether the API may only be reached through a custom domain
	 */
	record Resolution(CompiledStage stage, String deploymentId, ApiComponents components,
			PathTree.@Nullable Match<ResourceRoutes> match,
			@Nullable Route route, Map<String, String> stageVariables, @Nullable Boolean canaryRequest,
			boolean executeApiEndpointDisabled) {
	}

}
