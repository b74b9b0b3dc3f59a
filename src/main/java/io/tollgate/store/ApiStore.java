package io.tollgate.store;

import java.util.function.UnaryOperator;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Holds every API definition. Writes are compare-and-set on {@link ApiDefinition#version()}, so concurrent writers
 * (admin calls, definition files, other replicas) never lose each other's changes. Every write is announced on
 * {@link #changes()} to every node that shares the store.
 */
public interface ApiStore {

	/** The expected version that means "the API must not exist yet". */
	long ABSENT = -1;

	Flux<ApiDefinition> findAll();

	Mono<ApiDefinition> find(String apiId);

	/**
	 * Stores {@code definition} if the stored version of its API is {@code expectedVersion} ({@link #ABSENT} for a
	 * new API); otherwise fails with {@link ConcurrentModificationException}.
	 */
	Mono<ApiDefinition> save(ApiDefinition definition, long expectedVersion);

	/** Deletes an API; completes with {@code false} when there was none. */
	Mono<Boolean> delete(String apiId);

	/** The ids of changed or deleted APIs, from this node and every other node sharing the store. */
	Flux<ApiChange> changes();

	/**
	 * Applies {@code change} to the stored API and saves the result, retrying on concurrent modification.
	 * @throws ApiModelException.NotFound (as the error signal) when the API does not exist
	 */
	default Mono<ApiDefinition> update(String apiId, UnaryOperator<ApiDefinition> change) {
		return Mono.defer(() -> find(apiId))
			.switchIfEmpty(Mono.error(() -> ApiModelException.notFound("Invalid API identifier specified")))
			.flatMap((current) -> save(change.apply(current), current.version()))
			.retryWhen(Retry.max(16).filter(ConcurrentModificationException.class::isInstance));
	}

	/**
	 * A change of one API, announced after it is stored; {@link #everything()} when changes may have been missed
	 * (a lost connection to a shared store) and every API must be read again.
	 */
	record ApiChange(String apiId) {

		/** Never a valid API id. */
		private static final String EVERYTHING = "*";

		public static ApiChange everything() {
			return new ApiChange(EVERYTHING);
		}

		public boolean isEverything() {
			return EVERYTHING.equals(this.apiId);
		}

	}

	/** The stored version was not the expected one: someone else wrote first. */
	final class ConcurrentModificationException extends RuntimeException {

		public ConcurrentModificationException(String apiId, long expected) {
			super("API " + apiId + " changed concurrently (expected version " + expected + ")", null, false, false);
		}

	}

}
