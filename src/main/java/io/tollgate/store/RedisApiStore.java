package io.tollgate.store;

import java.time.Duration;
import java.util.Comparator;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.tollgate.model.ApiDefinition;
import io.tollgate.redis.RedisChangeFeed;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An {@link ApiStore} shared by every gateway replica through one Redis. Each write is a single Lua script that
 * checks the version, stores the definition and publishes the change, so a write and its announcement cannot be
 * separated and two replicas cannot both win a compare-and-set.
 * <p>
 * Redis keys, all under the configured prefix ({@code tollgate:} by default):
 * <ul>
 * <li>{@code {prefix}apis} &mdash; hash, field {@code apiId}, value the {@link ApiDefinition} as {@link ModelJson}
 * JSON;</li>
 * <li>{@code {prefix}api-versions} &mdash; hash, field {@code apiId}, value its {@link ApiDefinition#version()},
 * compared by the scripts without parsing the JSON;</li>
 * <li>{@code {prefix}api-changes} &mdash; pub/sub channel, message the {@code apiId} of each saved or deleted
 * API.</li>
 * </ul>
 * The {@link RedisClient} belongs to the caller; {@link #close()} closes only this store's connections.
 */
public final class RedisApiStore implements ApiStore, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisApiStore.class);

	private static final long STORED = 1;

	/** KEYS: definitions, versions. ARGV: apiId, expected version (-1: absent), new version, JSON, channel. */
	private static final String SAVE_SCRIPT = """
			local current = redis.call('HGET', KEYS[2], ARGV[1])
			if current == false then
				if ARGV[2] ~= '-1' then
					return 0
				end
			elseif current ~= ARGV[2] then
				return 0
			end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
			redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
			redis.call('PUBLISH', ARGV[5], ARGV[1])
			return 1
			""";

	/** KEYS: definitions, versions. ARGV: apiId, channel. */
	private static final String DELETE_SCRIPT = """
			local deleted = redis.call('HDEL', KEYS[1], ARGV[1])
			redis.call('HDEL', KEYS[2], ARGV[1])
			if deleted == 1 then
				redis.call('PUBLISH', ARGV[2], ARGV[1])
			end
			return deleted
			""";

	private final String[] keys;

	private final String definitionsKey;

	private final String channel;

	private final Duration commandTimeout;

	private final StatefulRedisConnection<String, String> connection;

	private final RedisChangeFeed<ApiChange> changeFeed;

	private final RedisReactiveCommands<String, String> commands;

	private final String saveDigest;

	private final String deleteDigest;

	/**
	 * Connects to Redis, loads the scripts and subscribes to the change channel; all of it happens here, at start,
	 * so that a replica never serves without hearing about changes.
	 * @param client the client to connect with, owned (and shut down) by the caller
	 * @param keyPrefix prefix of every key and channel, such as {@code tollgate:}
	 * @param commandTimeout bound on every Redis command
	 */
	public RedisApiStore(RedisClient client, String keyPrefix, Duration commandTimeout) {
		this.definitionsKey = keyPrefix + "apis";
		this.keys = new String[] { this.definitionsKey, keyPrefix + "api-versions" };
		this.channel = keyPrefix + "api-changes";
		this.commandTimeout = commandTimeout;
		this.connection = client.connect(StringCodec.UTF8);
		this.connection.setTimeout(commandTimeout);
		this.commands = this.connection.reactive();
		try {
			// Loaded now so that even the first save is a single EVALSHA.
			this.saveDigest = this.connection.sync().scriptLoad(SAVE_SCRIPT);
			this.deleteDigest = this.connection.sync().scriptLoad(DELETE_SCRIPT);
			this.changeFeed = new RedisChangeFeed<>(client, this.channel, commandTimeout, ApiChange::new,
					ApiChange.everything());
		}
		catch (RuntimeException ex) {
			this.connection.close();
			throw ex;
		}
	}

	@Override
	public Flux<ApiDefinition> findAll() {
		return this.commands.hgetall(this.definitionsKey)
			.timeout(this.commandTimeout)
			.filter(KeyValue::hasValue)
			.concatMap((entry) -> Mono.justOrEmpty(readOrSkip(entry.getKey(), entry.getValue())))
			.sort(Comparator.comparing(ApiDefinition::id));
	}

	@Override
	public Mono<ApiDefinition> find(String apiId) {
		return this.commands.hget(this.definitionsKey, apiId).timeout(this.commandTimeout).map(ModelJson::read);
	}

	@Override
	public Mono<ApiDefinition> save(ApiDefinition definition, long expectedVersion) {
		return Mono.defer(() -> {
			String[] args = { definition.id(), Long.toString(expectedVersion), Long.toString(definition.version()),
					ModelJson.write(definition), this.channel };
			return run(SAVE_SCRIPT, this.saveDigest, args);
		}).flatMap((result) -> (result == STORED) ? Mono.just(definition)
				: Mono.error(new ConcurrentModificationException(definition.id(), expectedVersion)));
	}

	@Override
	public Mono<Boolean> delete(String apiId) {
		return Mono.defer(() -> run(DELETE_SCRIPT, this.deleteDigest, new String[] { apiId, this.channel }))
			.map((deleted) -> deleted == 1);
	}

	@Override
	public Flux<ApiChange> changes() {
		return this.changeFeed.changes();
	}

	@Override
	public void close() {
		this.changeFeed.close();
		this.connection.close();
	}

	/**
	 * Runs a script by its digest, one round trip; Redis forgets scripts on restart or {@code SCRIPT FLUSH}, and
	 * then the script is sent once in full, which also caches it again.
	 */
	private Mono<Long> run(String script, String digest, String[] args) {
		Mono<Long> bySha = this.commands.<Long>evalsha(digest, ScriptOutputType.INTEGER, this.keys, args).next();
		Mono<Long> byText = this.commands.<Long>eval(script, ScriptOutputType.INTEGER, this.keys, args).next();
		return bySha.onErrorResume(RedisNoScriptException.class, (ex) -> byText).timeout(this.commandTimeout);
	}

	private @Nullable ApiDefinition readOrSkip(String apiId, String json) {
		try {
			return ModelJson.read(json);
		}
		catch (RuntimeException ex) {
			// One unreadable definition must not hide the others; find(apiId) still reports it as an error.
			logger.warn("Skipping API " + apiId + " stored in Redis hash " + this.definitionsKey + ": "
					+ EmbeddedApiStore.reason(ex));
			return null;
		}
	}

}
