package io.tollgate.routing;

import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.ApiStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the route locator reads HTTP APIs from: the v2 API store, seen as the locator needs it (every API at start,
 * one API when it changed, and the change feed). WebSocket APIs it holds are left to their own serving.
 */
public interface HttpApiSource {

	/** A source with no APIs, for a gateway without the v2 store. */
	HttpApiSource NONE = new HttpApiSource() {

		@Override
		public Flux<ApiV2Definition> findAll() {
			return Flux.empty();
		}

		@Override
		public Mono<ApiV2Definition> find(String apiId) {
			return Mono.empty();
		}

		@Override
		public Flux<ApiStore.ApiChange> changes() {
			return Flux.never();
		}

	};

	Flux<ApiV2Definition> findAll();

	Mono<ApiV2Definition> find(String apiId);

	/** The ids of changed APIs (or "everything"), as each store publishes them; never completes while running. */
	Flux<ApiStore.ApiChange> changes();

}
