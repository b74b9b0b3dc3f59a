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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The authorizer result cache in Redis, shared by every replica: one string per result under
 * {@code {prefix}authorizer:{apiId}:{stage}:{authorizerId}:{sha256 of the identity}}, expiring with the
 * authorizer's TTL. A failing Redis answers a miss (the function is invoked again) and is counted.
 */
public final class RedisAuthorizerResultCache implements AuthorizerResultCache, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisAuthorizerResultCache.class);

	private final StatefulRedisConnection<String, String> connection;

	private final RedisReactiveCommands<String, String> commands;

	private final String keyPrefix;

	private final Counter failures;

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
			.tag(MeterNames.TAG_OUTCOME, "fail_open")
			.register(meters);
	}

	@Override
	public Mono<LambdaAuthorizerResult> get(AuthorizerCacheKey key) {
		return this.commands.get(this.keyPrefix + key.asString())
			.flatMap((json) -> Mono.justOrEmpty(LambdaAuthorizerResult.fromCache(json)))
			.onErrorResume((ex) -> failed("read", ex));
	}

	@Override
	public Mono<Void> put(AuthorizerCacheKey key, LambdaAuthorizerResult result, Duration ttl) {
		return this.commands.set(this.keyPrefix + key.asString(), result.json(), SetArgs.Builder.px(ttl.toMillis()))
			.then()
			.onErrorResume((ex) -> failed("write", ex));
	}

	@Override
	public Mono<Void> flushStage(String apiId, String stage) {
		String pattern = this.keyPrefix + AuthorizerCacheKey.stagePrefix(apiId, stage).replaceAll("([*?\\[\\]\\\\])",
				"\\\\$1") + "*";
		return ScanStream.scan(this.commands, ScanArgs.Builder.matches(pattern).limit(500))
			.buffer(500)
			.concatMap((keys) -> this.commands.unlink(keys.toArray(String[]::new)))
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
		this.connection.close();
	}

	@Override
	public String toString() {
		return "RedisAuthorizerResultCache[prefix=" + this.keyPrefix + "]";
	}

}
