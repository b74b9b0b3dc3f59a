package io.tollgate.cache;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Where stage caches keep their responses: {@link CaffeineResponseCache} in process (the embedded default) or
 * {@link RedisResponseCache}, shared by every replica. Failures of the store never fail a request: a lookup that
 * fails is a miss, a store that fails is skipped.
 */
public interface ResponseCache {

	/**
	 * The cache of one stage. Cheap to hold: each cached method keeps the handle it was built with.
	 * @param capacityBytes the stage's memory budget, for stores that enforce one
	 */
	StageCache stage(String apiId, String stageName, long capacityBytes);

	/** FlushStageCache: removes every entry of the stage. */
	Mono<Void> flush(String apiId, String stageName);

	/** The entries of one stage, by cache key. */
	interface StageCache {

		/** The stored response, empty when there is none (or the store failed). */
		Mono<CachedResponse> get(String key);

		/** Stores {@code response} for {@code ttl}, replacing any entry of the key. */
		Mono<Void> put(String key, CachedResponse response, Duration ttl);

	}

}
