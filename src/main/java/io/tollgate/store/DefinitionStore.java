package io.tollgate.store;

import java.util.function.UnaryOperator;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.VersionedApi;
import io.tollgate.store.ApiStore.ApiChange;
import io.tollgate.store.ApiStore.ConcurrentModificationException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Holds the API definitions of one type: {@link ApiStore} for REST APIs, {@code DefinitionStore<ApiV2Definition>}
 * ({@link ApiStoreBackend#v2Apis()}) for HTTP and WebSocket APIs. Writes are compare-and-set on
 * {@link VersionedApi#version()}, so concurrent writers (admin calls, definition files, other replicas) never lose
 * each other's changes. Every write is announced on {@link #changes()} to every node that shares the store.
 * <p>
 * All types live in one id space and one change feed: {@link #changes()} announces the ids of changed APIs of
 * every type, so a reader finds nothing of its type for some of them ({@link #find} is empty for an API of another
 * type, exactly as for a deleted one).
 *
 * @param <D> the type of definition
 */
public interface DefinitionStore<D extends VersionedApi> {

	/** The expected version that means "the API must not exist yet". */
	long ABSENT = -1;

	Flux<D> findAll();

	Mono<D> find(String apiId);

	/**
	 * Stores {@code definition} if the stored version of its API is {@code expectedVersion} ({@link #ABSENT} for a
	 * new API); otherwise fails with {@link ConcurrentModificationException}, or with
	 * {@link ApiModelException.Conflict} when a new API's id is taken by an API of another type.
	 */
	Mono<D> save(D definition, long expectedVersion);

	/** Deletes an API; completes with {@code false} when there was none of this type. */
	Mono<Boolean> delete(String apiId);

	/** The ids of changed or deleted APIs, from this node and every other node sharing the store. */
	Flux<ApiChange> changes();

	/**
	 * Applies {@code change} to the stored API and saves the result, retrying on concurrent modification.
	 * @throws ApiModelException.NotFound (as the error signal) when the API does not exist
	 */
	default Mono<D> update(String apiId, UnaryOperator<D> change) {
		return Mono.defer(() -> find(apiId))
			.switchIfEmpty(Mono.error(() -> ApiModelException.notFound("Invalid API identifier specified")))
			.flatMap((current) -> save(change.apply(current), current.version()))
			.retryWhen(Retry.max(16).filter(ConcurrentModificationException.class::isInstance));
	}

}
