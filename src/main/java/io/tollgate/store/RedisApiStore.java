package io.tollgate.store;

import java.time.Duration;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.tollgate.model.VersionedApi;
import io.tollgate.redis.RedisChangeFeed;
import io.tollgate.redis.RedisConnection;
import io.tollgate.redis.RedisScript;
import io.tollgate.redis.RedisTimeout;
import io.tollgate.redis.SharedRedis;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The store shared by every gateway replica through one Redis, for APIs of every type. Each write is a single Lua script that
 * checks the version, stores the definition and publishes the change, so a write and its announcement cannot be
 * separated and two replicas cannot both win a compare-and-set.
 * <p>
 * Redis keys, all under the configured prefix ({@code tollgate:} by default) and, on a Redis Cluster, the hash tag
 * {@code {api-store}:} after it (the scripts use both hashes):
 * <ul>
 * <li>{@code {prefix}apis} &mdash; hash, field {@code apiId}, value the definition as {@link ModelJson}
 * JSON;</li>
 * <li>{@code {prefix}api-versions} &mdash; hash, field {@code apiId}, value its {@link VersionedApi#version()},
 * compared by the scripts without parsing the JSON;</li>
 * <li>{@code {prefix}api-changes} &mdash; pub/sub channel, message the {@code apiId} of each saved or deleted
 * API.</li>
 * </ul>
 * The {@link SharedRedis} belongs to the caller; {@link #close()} closes only this store's connections.
 */
public final class RedisApiStore extends ApiStoreBackend implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisApiStore.class);

	private static final long STORED = 1;

	private static final int CONCURRENT_READS = 4;

	private final String[] keys;

	private final String definitionsKey;

	private final String channel;

	private final Duration commandTimeout;

	private final RedisConnection<String, String> connection;

	private final RedisChangeFeed<ApiChange> changeFeed;

	private final RedisClusterReactiveCommands<String, String> commands;

	private final RedisScript save;

	private final RedisScript delete;

	/**
	 * Connects to Redis, loads the scripts and subscribes to the change channel; all of it happens here, at start,
	 * so that a replica never serves without hearing about changes.
	 * @param redis the Redis to connect to, owned (and closed) by the caller
	 * @param commandTimeout bound on every Redis command
	 */
	public RedisApiStore(SharedRedis redis, Duration commandTimeout) {
		String store = redis.keys().of("api-store");
		this.definitionsKey = store + "apis";
		this.keys = new String[] { this.definitionsKey, store + "api-versions" };
		this.channel = redis.keys().prefix() + "api-changes";
		this.commandTimeout = commandTimeout;
		this.connection = redis.connect(commandTimeout);
		this.commands = this.connection.reactive();
		try {
			// Loaded now so that even the first save is a single EVALSHA.
			this.save = RedisScript.load(this.connection.sync(), "api-store-save");
			this.delete = RedisScript.load(this.connection.sync(), "api-store-delete");
			this.changeFeed = new RedisChangeFeed<>(redis, this.channel, commandTimeout, ApiChange::new,
					ApiChange.everything());
		}
		catch (RuntimeException ex) {
			this.connection.close();
			throw ex;
		}
	}

	@Override
	protected Flux<VersionedApi> findAllOfAnyType() {
		// One HGET per API, each under the command timeout: a single HGETALL answers every definition at once (megabytes
		// with a 10,000-method API) and could outlast the timeout at start on a loaded machine.
		return RedisTimeout.bound(this.commands.hkeys(this.definitionsKey).collectSortedList(), this.commandTimeout)
			.flatMapIterable((apiIds) -> apiIds)
			.flatMapSequential((apiId) -> readDefinition(apiId).mapNotNull((json) -> readOrSkip(apiId, json)),
					CONCURRENT_READS);
	}

	@Override
	protected Mono<VersionedApi> findOfAnyType(String apiId) {
		return readDefinition(apiId).map(ModelJson::readAny);
	}

	/**
	 * The stored JSON of one API, handed off Lettuce's event loop: parsing a large definition there would hold up
	 * every other Redis command of this replica (rate limits included).
	 */
	private Mono<String> readDefinition(String apiId) {
		return RedisTimeout.bound(this.commands.hget(this.definitionsKey, apiId), this.commandTimeout)
			.publishOn(Schedulers.parallel());
	}

	@Override
	protected Mono<VersionedApi> saveOfAnyType(VersionedApi definition, long expectedVersion) {
		return Mono.defer(() -> {
			String[] args = { definition.id(), Long.toString(expectedVersion), Long.toString(definition.version()),
					ModelJson.write(definition), this.channel };
			return run(this.save, args);
		}).flatMap((result) -> (result == STORED) ? Mono.just(definition)
				: Mono.error(new ConcurrentModificationException(definition.id(), expectedVersion)));
	}

	@Override
	protected Mono<Boolean> deleteOfAnyType(String apiId) {
		return Mono.defer(() -> run(this.delete, apiId, this.channel))
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

	private Mono<Long> run(RedisScript script, String... args) {
		return RedisTimeout.bound(script.<Long>run(this.commands, ScriptOutputType.INTEGER, this.keys, args),
				this.commandTimeout);
	}

	private @Nullable VersionedApi readOrSkip(String apiId, String json) {
		try {
			return ModelJson.readAny(json);
		}
		catch (RuntimeException ex) {
			// One unreadable definition must not hide the others; find(apiId) still reports it as an error.
			logger.warn("Skipping API " + apiId + " stored in Redis hash " + this.definitionsKey + ": "
					+ EmbeddedApiStore.reason(ex));
			return null;
		}
	}

}
