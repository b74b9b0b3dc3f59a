package io.tollgate.domain;

import io.tollgate.model.DomainNames;
import java.time.Duration;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.tollgate.store.ModelJson;
import io.tollgate.redis.RedisChangeFeed;
import io.tollgate.redis.RedisConnection;
import io.tollgate.redis.RedisScript;
import io.tollgate.redis.RedisTimeout;
import io.tollgate.redis.SharedRedis;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link DomainStore} shared by every replica through one Redis: one script checks the version, stores the
 * document and publishes the change, so a write and its announcement cannot be separated.
 * <p>
 * Redis keys, under the configured prefix (and, on a Redis Cluster, the hash tag {@code {domain-store}:} after it):
 * {@code {prefix}domain-names} (string, the {@link DomainNames} as JSON), {@code {prefix}domain-names-version}
 * (string, its version, compared without parsing the JSON) and the pub/sub channel {@code {prefix}domain-changes}
 * (message: the new version). The {@link SharedRedis} belongs to the caller.
 */
public final class RedisDomainStore implements DomainStore, AutoCloseable {

	private static final Long EVERYTHING = -1L;

	private final String[] keys;

	private final String channel;

	private final Duration commandTimeout;

	private final RedisConnection<String, String> connection;

	private final RedisClusterReactiveCommands<String, String> commands;

	private final RedisChangeFeed<Long> changeFeed;

	private final RedisScript save;

	public RedisDomainStore(SharedRedis redis, Duration commandTimeout) {
		String store = redis.keys().of("domain-store");
		this.keys = new String[] { store + "domain-names", store + "domain-names-version" };
		this.channel = redis.keys().prefix() + "domain-changes";
		this.commandTimeout = commandTimeout;
		this.connection = redis.connect(commandTimeout);
		this.commands = this.connection.reactive();
		try {
			this.save = RedisScript.load(this.connection.sync(), "domain-store-save");
			this.changeFeed = new RedisChangeFeed<>(redis, this.channel, commandTimeout, RedisDomainStore::version,
					EVERYTHING);
		}
		catch (RuntimeException ex) {
			this.connection.close();
			throw ex;
		}
	}

	@Override
	public Mono<DomainNames> load() {
		return RedisTimeout.bound(this.commands.get(this.keys[0]), this.commandTimeout)
			.map((json) -> ModelJson.mapper().readValue(json, DomainNames.class))
			.defaultIfEmpty(new DomainNames(null, -1));
	}

	@Override
	public Mono<DomainNames> save(DomainNames domains, long expectedVersion) {
		return Mono.defer(() -> {
			String[] args = { Long.toString(expectedVersion), Long.toString(domains.version()),
					ModelJson.mapper().writeValueAsString(domains), this.channel };
			return RedisTimeout.bound(this.save.<Long>run(this.commands, ScriptOutputType.INTEGER, this.keys, args),
					this.commandTimeout);
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
