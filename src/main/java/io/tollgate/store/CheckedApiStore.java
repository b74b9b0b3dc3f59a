package io.tollgate.store;

import java.util.function.Consumer;
import java.util.function.Function;

import io.tollgate.model.VersionedApi;
import io.tollgate.store.ApiStore.ApiChange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A store that refuses to save a definition its check rejects, so that a change the gateway could not serve (a
 * method whose pipeline cannot be built) fails the management call or the definition file that made it, rather than
 * leaving the API on its old routes with only a log line; and that completes a write only once this node serves
 * it, so that the writer's next request reads its write (other nodes follow through {@link #changes()}).
 *
 * @param <D> the type of definition
 */
public final class CheckedApiStore<D extends VersionedApi> implements DefinitionStore<D> {

	private final DefinitionStore<D> delegate;

	private final Consumer<D> check;

	private final Function<String, Mono<Void>> served;

	/**
	 * @param check throws {@link io.tollgate.model.ApiModelException} to refuse a definition
	 * @param served completes once this node serves what is stored now for an API id
	 */
	public CheckedApiStore(DefinitionStore<D> delegate, Consumer<D> check, Function<String, Mono<Void>> served) {
		this.delegate = delegate;
		this.check = check;
		this.served = served;
	}

	/** Checked by {@code serving}, which this node serves the definitions with. */
	public CheckedApiStore(DefinitionStore<D> delegate, DefinitionServing<D> serving) {
		this(delegate, serving::check, serving::served);
	}

	@Override
	public Flux<D> findAll() {
		return this.delegate.findAll();
	}

	@Override
	public Mono<D> find(String apiId) {
		return this.delegate.find(apiId);
	}

	@Override
	public Mono<D> save(D definition, long expectedVersion) {
		// The check compiles the API's routes: off the caller's event loop.
		return Mono.fromRunnable(() -> this.check.accept(definition))
			.subscribeOn(Schedulers.boundedElastic())
			.then(Mono.defer(() -> this.delegate.save(definition, expectedVersion)))
			.flatMap((saved) -> this.served.apply(saved.id()).thenReturn(saved));
	}

	@Override
	public Mono<Boolean> delete(String apiId) {
		return this.delegate.delete(apiId).flatMap((deleted) -> this.served.apply(apiId).thenReturn(deleted));
	}

	@Override
	public Flux<ApiChange> changes() {
		return this.delegate.changes();
	}

}
