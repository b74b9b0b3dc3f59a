package io.tollgate.auth.lambda;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.redis.NearCopies;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The authorizer result cache in Redis, shared by every replica: one string per result under
 * {@code {prefix}authorizer:{apiId}:{stage}:{authorizerId}:{sha256 of the identity}}, expiring with the
 * authorizer's TTL. A failing Redis answers a miss (the function is invoked again) and is counted.
 * <p>
 * Each replica keeps the results it has seen in memory until their Redis expiry, so that a cached decision costs no
 * Redis round trip; a flush is published on {@code {prefix}authorizer-flushes} and clears every replica's copies.
 */
public final class RedisAuthorizerResultCache implements AuthorizerResultCache, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisAuthorizerResultCache.class);

	private final StatefulRedisConnection<String, String> connection;

	private final RedisReactiveCommands<String, String> commands;

	private final String keyPrefix;

	private final Counter failures;

	/** Results this replica has read or written, until their Redis entries expire. */
	private final NearCopies<LambdaAuthorizerResult> near;

	/**
	 * @param client the shared client, owned by the caller
	 * @param keyPrefix Tollgate's Redis key prefix
	 */
	public RedisAuthorizerResultCache(RedisClient client, String keyPrefix, Duration commandTimeout,
			MeterRegistry meters) {
		this.connection = client.connect(StringCodec.UTF8);
		this.connection.setTimeout(commandTimeout);
		this.commands = this.connection.reactive();
		this.keyPrefix = keyPrefix + "authorizer:";
		this.failures = Counter.builder(MeterNames.REDIS_FAILURES)
			.tag(MeterNames.TAG_USE, "authorizer")
			.tag(MeterNames.TAG_OUTCOME, "fail-open")
			.register(meters);
		this.near = new NearCopies<>(client, keyPrefix + "authorizer-flushes", commandTimeout, 100_000,
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
