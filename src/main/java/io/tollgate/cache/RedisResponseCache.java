package io.tollgate.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.redis.NearCopies;
import io.tollgate.redis.RedisConnection;
import io.tollgate.redis.SharedRedis;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The stage caches in Redis, shared by every replica: one string per entry under
 * {@code {prefix}cache:{apiId}:{stage}:{SHA-256 of the cache key}}, its binary {@link CachedResponseCodec} form, with
 * the method's TTL as Redis expiry. FlushStageCache scans the stage's keys (on a Redis Cluster, where entries spread
 * over the masters by their own keys, every master) and unlinks them. Redis failures are
 * fail-open: a failed lookup is a miss (the integration answers), a failed store is skipped; both are metered.
 * <p>
 * Each replica keeps the entries it has read or stored in memory (up to {@link #NEAR_COPY_BYTES}) until their Redis
 * expiry, so that a hit costs no round trip; a store or a flush is announced on {@code {prefix}cache-changes} and
 * the other replicas drop their copies.
 */
public final class RedisResponseCache implements ResponseCache, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisResponseCache.class);

	private static final int FLUSH_BATCH = 500;

	/** The most memory a replica gives its copies of Redis entries. */
	static final long NEAR_COPY_BYTES = 64L * 1024 * 1024;

	private final RedisConnection<String, byte[]> connection;

	private final RedisClusterReactiveCommands<String, byte[]> commands;

	private final String keyPrefix;

	private final Counter failures;

	private final NearCopies<CachedResponse> near;

	public RedisResponseCache(SharedRedis redis, Duration commandTimeout, MeterRegistry meters) {
		this.connection = redis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), commandTimeout);
		this.commands = this.connection.reactive();
		this.keyPrefix = redis.keys().prefix() + "cache:";
		this.failures = Counter.builder(MeterNames.REDIS_FAILURES)
			.tag(MeterNames.TAG_USE, "cache")
			.tag(MeterNames.TAG_OUTCOME, "fail-open")
			.register(meters);
		this.near = new NearCopies<>(redis, redis.keys().prefix() + "cache-changes", commandTimeout, NEAR_COPY_BYTES,
				(response) -> response.body().length + 256);
	}

	@Override
	public StageCache stage(String apiId, String stageName, long capacityBytes) {
		return new RedisStageCache(stagePrefix(apiId, stageName));
	}

	@Override
	public Mono<Void> flush(String apiId, String stageName) {
		String stagePrefix = stagePrefix(apiId, stageName);
		this.near.drop(stagePrefix);
		ScanArgs match = ScanArgs.Builder.matches(stagePrefix + "*").limit(FLUSH_BATCH);
		return ScanStream.scan(this.commands, match)
			.buffer(FLUSH_BATCH)
			.concatMap((keys) -> this.commands.unlink(keys.toArray(new String[0])))
			.then(this.near.announce(stagePrefix));
	}

	private String stagePrefix(String apiId, String stageName) {
		return this.keyPrefix + apiId + ":" + stageName + ":";
	}

	@Override
	public void close() {
		this.near.close();
		this.connection.close();
	}

	private final class RedisStageCache implements StageCache {

		private final String prefix;

		RedisStageCache(String prefix) {
			this.prefix = prefix;
		}

		@Override
		public Mono<CachedResponse> get(String key) {
			String redisKey = redisKey(key);
			CachedResponse copy = RedisResponseCache.this.near.get(redisKey);
			if (copy != null) {
				return Mono.just(copy);
			}
			RedisClusterReactiveCommands<String, byte[]> commands = RedisResponseCache.this.commands;
			// Sent together on one connection: one round trip.
			return Mono.zip(commands.get(redisKey), commands.pttl(redisKey))
				.mapNotNull((found) -> {
					CachedResponse response = CachedResponseCodec.decode(found.getT1());
					if (response != null) {
						RedisResponseCache.this.near.keep(redisKey, response, found.getT2());
					}
					return response;
				})
				.onErrorResume((ex) -> failOpen("lookup", ex));
		}

		@Override
		public Mono<Void> put(String key, CachedResponse response, Duration ttl) {
			String redisKey = redisKey(key);
			RedisResponseCache.this.near.keep(redisKey, response, ttl.toMillis());
			return Mono.fromCallable(() -> CachedResponseCodec.encode(response))
				.flatMap((bytes) -> RedisResponseCache.this.commands.set(redisKey, bytes,
						SetArgs.Builder.px(ttl.toMillis())))
				// A refreshed entry replaces the other replicas' copies of the old one.
				.then(RedisResponseCache.this.near.announce(redisKey))
				.onErrorResume((ex) -> failOpen("store", ex));
		}

		private String redisKey(String key) {
			return this.prefix + digest(key);
		}

	}

	private <T> Mono<T> failOpen(String operation, Throwable ex) {
		this.failures.increment();
		logger.warn("Response cache " + operation + " failed, going on without the cache: " + ex);
		return Mono.empty();
	}

	/** Keys can be long (header and query values); their digest keeps Redis keys short and free of odd bytes. */
	private static String digest(String key) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
