package io.tollgate.auth.lambda;

import java.time.Duration;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
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
 * The authorizer result cache in Redis, shared by every replica: one string per result under
 * {@code {prefix}authorizer:{apiId}:{stage}:{authorizerId}:{sha256 of the identity}}, expiring with the
 * authorizer's TTL (on a Redis Cluster, results spread over the masters by their own keys, and a flush scans every
 * master). A failing Redis answers a miss (the function is invoked again) and is counted.
 * <p>
 * Each replica keeps the results it has seen in memory until their Redis expiry, so that a cached decision costs no
 * Redis round trip; a flush is published on {@code {prefix}authorizer-flushes} and clears every replica's copies.
 */
public final class RedisAuthorizerResultCache implements AuthorizerResultCache, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisAuthorizerResultCache.class);

	private final RedisConnection<String, String> connection;

	private final RedisClusterReactiveCommands<String, String> commands;

	private final String keyPrefix;

	private final Counter failures;

	/** Results this replica has read or written, until their Redis entries expire. */
	private final NearCopies<LambdaAuthorizerResult> near;

	/**
	 * @param redis the shared Redis, owned by the caller
	 */
	public RedisAuthorizerResultCache(SharedRedis redis, Duration commandTimeout, MeterRegistry meters) {
		this.connection = redis.connect(commandTimeout);
		this.commands = this.connection.reactive();
		this.keyPrefix = redis.keys().prefix() + "authorizer:";
		this.failures = Counter.builder(MeterNames.REDIS_FAILURES)
			.tag(MeterNames.TAG_USE, "authorizer")
			.tag(MeterNames.TAG_OUTCOME, "fail-open")
			.register(meters);
		this.near = new NearCopies<>(redis, redis.keys().prefix() + "authorizer-flushes", commandTimeout, 100_000,
				(result) -> 1);
	}

	@Override
	public Mono<LambdaAuthorizerResult> get(AuthorizerCacheKey key) {
		String name = key.asString();
		LambdaAuthorizerResult copy = this.near.get(name);
		if (copy != null) {
			return Mono.just(copy);
		}
		String redisKey = this.keyPrefix + name;
		// Sent together on one connection: one round trip.
		return Mono.zip(this.commands.get(redisKey), this.commands.pttl(redisKey))
			.flatMap((found) -> Mono.justOrEmpty(LambdaAuthorizerResult.fromCache(found.getT1())).doOnNext((result) -> {
				this.near.keep(name, result, found.getT2());
			}))
			.onErrorResume((ex) -> failed("read", ex));
	}

	@Override
	public Mono<Void> put(AuthorizerCacheKey key, LambdaAuthorizerResult result, Duration ttl) {
		String name = key.asString();
		this.near.keep(name, result, ttl.toMillis());
		return this.commands.set(this.keyPrefix + name, result.json(), SetArgs.Builder.px(ttl.toMillis()))
			.then()
			.onErrorResume((ex) -> failed("write", ex));
	}



	@Override
	public Mono<Void> flushStage(String apiId, String stage) {
		String pattern = this.keyPrefix + AuthorizerCacheKey.stagePrefix(apiId, stage).replaceAll("([*?\\[\\]\\\\])",
				"\\\\$1") + "*";
		String stagePrefix = AuthorizerCacheKey.stagePrefix(apiId, stage);
		this.near.drop(stagePrefix);
		return ScanStream.scan(this.commands, ScanArgs.Builder.matches(pattern).limit(500))
			.buffer(500)
			.concatMap((keys) -> this.commands.unlink(keys.toArray(String[]::new)))
			.then(this.near.announce(stagePrefix))
			.then();
	}

	private <T> Mono<T> failed(String operation, Throwable ex) {
		this.failures.increment();
		if (logger.isDebugEnabled()) {
			logger.debug("Authorizer cache " + operation + " failed, treated as a miss: " + ex);
		}
		return Mono.empty();
	}

	@Override
	public void close() {
		this.near.close();
		this.connection.close();
	}

	@Override
	public String toString() {
		return "RedisAuthorizerResultCache[prefix=" + this.keyPrefix + "]";
	}

}
