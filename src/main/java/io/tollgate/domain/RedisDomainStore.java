package io.tollgate.domain;

import io.tollgate.model.DomainNames;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.tollgate.store.ModelJson;
import io.tollgate.redis.RedisChangeFeed;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link DomainStore} shared by every replica through one Redis: one script checks the version, stores the
 * document and publishes the change, so a write and its announcement cannot be separated.
 * <p>
 * Redis keys, under the configured prefix: {@code {prefix}domain-names} (string, the {@link DomainNames} as
 * JSON), {@code {prefix}domain-names-version} (string, its version, compared without parsing the JSON) and the
 * pub/sub channel {@code {prefix}domain-changes} (message: the new version). The {@link RedisClient} belongs to the
 * caller.
 */
public final class RedisDomainStore implements DomainStore, AutoCloseable {

	private static final Long EVERYTHING = -1L;

	/** KEYS: document, version. ARGV: expected version (-1: none stored yet), new version, JSON, channel. */
	private static final String SAVE_SCRIPT = """
			local current = redis.call('GET', KEYS[2]) or '-1'
			if current ~= ARGV[1] then
				return 0
			end
			redis.call('SET', KEYS[1], ARGV[3])
			redis.call('SET', KEYS[2], ARGV[2])
			redis.call('PUBLISH', ARGV[4], ARGV[2])
			return 1
			""";

	private final String[] keys;

	private final String channel;

	private final Duration commandTimeout;

	private final StatefulRedisConnection<String, String> connection;

	private final RedisReactiveCommands<String, String> commands;

	private final RedisChangeFeed<Long> changeFeed;

	private final String saveDigest;

	public RedisDomainStore(RedisClient client, String keyPrefix, Duration commandTimeout) {
		this.keys = new String[] { keyPrefix + "domain-names", keyPrefix + "domain-names-version" };
		this.channel = keyPrefix + "domain-changes";
		this.commandTimeout = commandTimeout;
		this.connection = client.connect(StringCodec.UTF8);
		this.connection.setTimeout(commandTimeout);
		this.commands = this.connection.reactive();
		try {
			this.saveDigest = this.connection.sync().scriptLoad(SAVE_SCRIPT);
			this.changeFeed = new RedisChangeFeed<>(client, this.channel, commandTimeout, RedisDomainStore::version,
					EVERYTHING);
		}
		catch (RuntimeException ex) {
			this.connection.close();
			throw ex;
		}
	}

	@Override
	public Mono<DomainNames> load() {
		return this.commands.get(this.keys[0])
			.timeout(this.commandTimeout)
			.map((json) -> ModelJson.mapper().readValue(json, DomainNames.class))
			.defaultIfEmpty(new DomainNames(null, -1));
	}

	@Override
	public Mono<DomainNames> save(DomainNames domains, long expectedVersion) {
		return Mono.defer(() -> {
			String[] args = { Long.toString(expectedVersion), Long.toString(domains.version()),
					ModelJson.mapper().writeValueAsString(domains), this.channel };
			Mono<Long> bySha = this.commands.<Long>evalsha(this.saveDigest, ScriptOutputType.INTEGER, this.keys, args)
				.next();
			Mono<Long> byText = this.commands.<Long>eval(SAVE_SCRIPT, ScriptOutputType.INTEGER, this.keys, args)
				.next();
			return bySha.onErrorResume(RedisNoScriptException.class, (ex) -> byText).timeout(this.commandTimeout);
		}).flatMap((stored) -> (stored == 1) ? Mono.just(domains)
				: Mono.error(new ConcurrentModificationException(expectedVersion)));
	}

	@Override
	public Flux<Long> changes() {
		return this.changeFeed.changes();
	}

	@Override
	public void close() {
		this.changeFeed.close();
		this.connection.close();
	}

	private static Long version(String message) {
		try {
			return Long.valueOf(message);
		}
		catch (NumberFormatException ex) {
			return EVERYTHING;
		}
	}

}
