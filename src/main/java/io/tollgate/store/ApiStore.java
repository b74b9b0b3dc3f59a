package io.tollgate.store;

import io.tollgate.model.ApiDefinition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Holds every REST API definition (see {@link DefinitionStore} for the contract). Implemented by the embedded and
 * Redis backends ({@link ApiStoreBackend}), which hold HTTP and WebSocket APIs beside them.
 */
public interface ApiStore extends DefinitionStore<ApiDefinition> {

	/** {@code store} as an {@link ApiStore}. */
	static ApiStore of(DefinitionStore<ApiDefinition> store) {
		if (store instanceof ApiStore apiStore) {
			return apiStore;
		}
		return new ApiStore() {

			@Override
			public Flux<ApiDefinition> findAll() {
				return store.findAll();
			}

			@Override
			public Mono<ApiDefinition> find(String apiId) {
				return store.find(apiId);
			}

			@Override
			public Mono<ApiDefinition> save(ApiDefinition definition, long expectedVersion) {
				return store.save(definition, expectedVersion);
			}

			@Override
			public Mono<Boolean> delete(String apiId) {
				return store.delete(apiId);
			}

			@Override
			public Flux<ApiChange> changes() {
				return store.changes();
			}

		};
	}

	/**
	 * A change of one API (of any type), announced after it is stored; {@link #everything()} when changes may have
	 * been missed (a lost connection to a shared store) and every API must be read again.
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
