package io.tollgate.websocket;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.ProtocolType;
import io.tollgate.store.ApiStore;
import io.tollgate.store.DefinitionFiles;
import io.tollgate.store.DefinitionServing;
import io.tollgate.store.DefinitionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps the {@link WebSocketStageTable} in step with the stored HTTP and WebSocket APIs: everything at start, then
 * each API the change feed announces (from this node or another sharing the store), one at a time so that an older
 * version is never swapped in after a newer one. As the WebSocket data plane's {@link DefinitionServing}, it refuses
 * a WebSocket API it could not serve and tells the management API when a write is served here.
 */
public final class WebSocketApiLoader implements DefinitionServing<ApiV2Definition>, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WebSocketApiLoader.class);

	private static final Duration INITIAL_LOAD_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration SERVED_TIMEOUT = Duration.ofSeconds(10);

	private final DefinitionStore<ApiV2Definition> store;

	private final WebSocketStageTable table;

	private final WebSocketApiCompiler compiler;

	private volatile Sinks.Many<Reload> localReloads = Sinks.many().unicast().onBackpressureBuffer();

	private volatile @Nullable Disposable changes;

	public WebSocketApiLoader(DefinitionStore<ApiV2Definition> store, WebSocketStageTable table,
			WebSocketApiCompiler compiler) {
		this.store = store;
		this.table = table;
		this.compiler = compiler;
	}

	@Override
	public void check(ApiV2Definition definition) {
		if (definition.protocolType() != ProtocolType.WEBSOCKET) {
			return;
		}
		try {
			this.compiler.compile(definition);
		}
		catch (RuntimeException ex) {
			throw ApiModelException.badRequest("The API cannot be served as changed: " + ex.getMessage());
		}
	}

	@Override
	public Mono<Void> served(String apiId) {
		return Mono.defer(() -> {
			if (!isRunning()) {
				return Mono.empty();
			}
			Sinks.Empty<Void> done = Sinks.empty();
			this.localReloads.emitNext(new Reload(new ApiStore.ApiChange(apiId), done),
					Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
			return done.asMono().timeout(SERVED_TIMEOUT, Mono.empty());
		});
	}

	@Override
	public void start() {
		this.store.findAll().doOnNext(this::apply).then().block(INITIAL_LOAD_TIMEOUT);
		Sinks.Many<Reload> localReloads = Sinks.many().unicast().onBackpressureBuffer();
		this.localReloads = localReloads;
		this.changes = Flux.merge(this.store.changes().map((change) -> new Reload(change, null)), localReloads.asFlux())
			.publishOn(Schedulers.boundedElastic())
			.concatMap((reload) -> (reload.change().isEverything() ? reloadAll() : reload(reload.change().apiId()))
				.onErrorResume((ex) -> {
					logger.error("Could not reload WebSocket API " + reload.change().apiId()
							+ "; it keeps its current stages", ex);
					return Mono.empty();
				})
				.doFinally((signal) -> reload.done()))
			.subscribe();
	}

	private Mono<Void> reload(String apiId) {
		return this.store.find(apiId)
			.doOnNext(this::apply)
			.switchIfEmpty(Mono.fromRunnable(() -> this.table.remove(apiId)))
			.then();
	}

	private Mono<Void> reloadAll() {
		return this.store.findAll().collectList().doOnNext((definitions) -> {
			Set<String> stored = new HashSet<>();
			definitions.forEach((definition) -> {
				stored.add(definition.id());
				apply(definition);
			});
			this.table.apiIds().stream().filter((apiId) -> !stored.contains(apiId)).forEach(this.table::remove);
		}).then();
	}

	private void apply(ApiV2Definition definition) {
		if (this.table.servedVersion(definition.id()) == definition.version()) {
			return;
		}
		try {
			this.table.serve(definition);
			if (definition.protocolType() == ProtocolType.WEBSOCKET && logger.isInfoEnabled()) {
				logger.info("Serving WebSocket API " + definition.id() + " version " + definition.version()
						+ ": stages " + definition.stages().keySet());
			}
		}
		catch (RuntimeException ex) {
			logger.error("WebSocket API " + definition.id() + " version " + definition.version()
					+ " could not be compiled; it keeps its current stages", ex);
		}
	}

	@Override
	public void stop() {
		Disposable subscription = this.changes;
		this.changes = null;
		if (subscription != null) {
			subscription.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.changes != null;
	}

	/** Right after definition files are applied, before the server accepts requests. */
	@Override
	public int getPhase() {
		return DefinitionFiles.PHASE + 1;
	}

	/** A reload of one API (or all), and who waits for it. */
	private record Reload(ApiStore.ApiChange change, Sinks.@Nullable Empty<Void> waiter) {

		void done() {
			if (this.waiter != null) {
				this.waiter.tryEmitEmpty();
			}
		}

	}

}
