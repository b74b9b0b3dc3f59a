package io.tollgate.cache;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Mono;

/**
 * The in-process stage caches: one Caffeine cache per stage, bounded by the stage's memory budget (weighted by the
 * bytes each entry holds) and expiring each entry after its method's TTL. A stage whose budget changes (its cache
 * cluster was resized) starts afresh, as AWS re-creates a resized cache cluster.
 */
public final class CaffeineResponseCache implements ResponseCache {

	private final ConcurrentMap<String, LocalStageCache> stages = new ConcurrentHashMap<>();

	private final Ticker ticker;

	public CaffeineResponseCache(Ticker ticker) {
		this.ticker = ticker;
	}

	@Override
	public StageCache stage(String apiId, String stageName, long capacityBytes) {
		return this.stages.compute(stageId(apiId, stageName),
				(id, existing) -> (existing != null && existing.capacityBytes == capacityBytes) ? existing
						: new LocalStageCache(capacityBytes, this.ticker));
	}

	@Override
	public Mono<Void> flush(String apiId, String stageName) {
		return Mono.fromRunnable(() -> {
			LocalStageCache stage = this.stages.get(stageId(apiId, stageName));
			if (stage != null) {
				stage.entries.invalidateAll();
			}
		});
	}

	/** Entries held by one stage, for tests and diagnostics. */
	long size(String apiId, String stageName) {
		LocalStageCache stage = this.stages.get(stageId(apiId, stageName));
		if (stage == null) {
			return 0;
		}
		stage.entries.cleanUp();
		return stage.entries.estimatedSize();
	}

	private static String stageId(String apiId, String stageName) {
		return apiId + "/" + stageName;
	}

	private static final class LocalStageCache implements StageCache {

		private final long capacityBytes;

		private final Cache<String, Entry> entries;

		LocalStageCache(long capacityBytes, Ticker ticker) {
			this.capacityBytes = capacityBytes;
			this.entries = Caffeine.newBuilder()
				.ticker(ticker)
				.maximumWeight(capacityBytes)
				.weigher((String key, Entry entry) -> (int) Math.min(Integer.MAX_VALUE,
						2L * key.length() + entry.response().weight()))
				.expireAfter(new EntryTtl())
				.build();
		}

		@Override
		public Mono<CachedResponse> get(String key) {
			Entry entry = this.entries.getIfPresent(key);
			return (entry != null) ? Mono.just(entry.response()) : Mono.empty();
		}

		@Override
		public Mono<Void> put(String key, CachedResponse response, Duration ttl) {
			this.entries.put(key, new Entry(response, ttl.toNanos()));
			return Mono.empty();
		}

	}

	private record Entry(CachedResponse response, long ttlNanos) {
	}

	/** Each entry lives for its method's TTL from when it was stored; reads do not extend it. */
	private static final class EntryTtl implements Expiry<String, Entry> {

		@Override
		public long expireAfterCreate(String key, Entry entry, long currentTime) {
			return entry.ttlNanos();
		}

		@Override
		public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
			return entry.ttlNanos();
		}

		@Override
		public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
