package io.tollgate.store;

import java.util.function.Consumer;

import io.tollgate.model.ApiDefinition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An {@link ApiStore} that refuses to save a definition its check rejects, so that a change the gateway could not
 * serve (a method whose pipeline cannot be built) fails the management call or the definition file that made it,
 * rather than leaving the API on its old routes with only a log line.
 */
public final class CheckedApiStore implements ApiStore {

	private final ApiStore delegate;

	private final Consumer<ApiDefinition> check;

	/** @param check throws {@link io.tollgate.model.ApiModelException} to refuse a definition */
	public CheckedApiStore(ApiStore delegate, Consumer<ApiDefinition> check) {
		this.delegate = delegate;
		this.check = check;
	}

	@Override
	public Flux<ApiDefinition> findAll() {
		return this.delegate.findAll();
	}

	@Override
	public Mono<ApiDefinition> find(String apiId) {
		return this.delegate.find(apiId);
	}

	@Override
	public Mono<ApiDefinition> save(ApiDefinition definition, long expectedVersion) {
		// The check compiles the API's routes: off the caller's event loop.
		return Mono.fromRunnable(() -> this.check.accept(definition))
			.subscribeOn(Schedulers.boundedElastic())
			.then(Mono.defer(() -> this.delegate.save(definition, expectedVersion)));
	}

	@Override
	public Mono<Boolean> delete(String apiId) {
		return this.delegate.delete(apiId);
	}

	@Override
	public Flux<ApiChange> changes() {
		return this.delegate.changes();
	}

}
