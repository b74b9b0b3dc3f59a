package io.tollgate.usage;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.tollgate.model.ApiModelException;
import io.tollgate.redis.RedisChangeFeed;
import io.tollgate.redis.RedisConnection;
import io.tollgate.redis.RedisScript;
import io.tollgate.redis.RedisTimeout;
import io.tollgate.redis.SharedRedis;
import io.tollgate.usage.UsageStore.UsageChange.Kind;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A {@link UsageStore} shared by every gateway replica through one Redis. Each write is a single Lua script that
 * checks the rules (one key per value, one plan per API stage per key), stores the objects with their indexes and
 * publishes the change, so a write and its announcement cannot be separated and two replicas cannot both win.
 * Updates are compare-and-set on the stored JSON, retried when another writer came first.
 * <p>
 * Redis keys, all under the configured prefix ({@code tollgate:} by default) and, on a Redis Cluster, the hash tag
 * {@code {usage-store}:} after it: the scripts keep the objects and their indexes consistent together, so they share
 * one slot:
 * <ul>
 * <li>{@code {prefix}api-keys} &mdash; hash, field the key id, value the {@link ApiKey} as JSON (with its
 * value);</li>
 * <li>{@code {prefix}api-key-values} &mdash; hash, field the key <em>value</em>, value the key id: the data plane's
 * lookup of a caller's {@code x-api-key} in one {@code HGET};</li>
 * <li>{@code {prefix}usage-plans} &mdash; hash, field the plan id, value the {@link UsagePlan} as JSON;</li>
 * <li>{@code {prefix}usage-plan-keys:{planId}} &mdash; hash, field the id of a key in the plan, value its type
 * ({@code API_KEY});</li>
 * <li>{@code {prefix}api-key-plans:{keyId}} &mdash; set of the ids of the plans a key is in;</li>
 * <li>{@code {prefix}api-key-stages:{keyId}} &mdash; hash, field {@code apiId:stage}, value the id of the plan that
 * admits the key to that stage: the data plane's second lookup, and the index that keeps one plan per stage;</li>
 * <li>{@code {prefix}usage-changes} &mdash; pub/sub channel, message {@code API_KEY:{keyId}} (a key or the plans it
 * is in changed) or {@code USAGE_PLAN:{planId}}.</li>
 * </ul>
 * The scripts derive the per-key and per-plan names from that prefix and the ids. The {@link SharedRedis} belongs to
 * the caller; {@link #close()} closes this store's connections.
 */
public final class RedisUsageStore implements UsageStore, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisUsageStore.class);

	private final String prefix;

	private final String keysKey;

	private final String valuesKey;

	private final String plansKey;

	private final String[] keys;

	private final String channel;

	private final Duration commandTimeout;

	private final RedisConnection<String, String> connection;

	private final RedisChangeFeed<UsageChange> changeFeed;

	private final RedisClusterReactiveCommands<String, String> commands;

	private final RedisScript createKey;

	private final RedisScript updateKey;

	private final RedisScript deleteKey;

	private final RedisScript createPlan;

	private final RedisScript updatePlan;

	private final RedisScript deletePlan;

	private final RedisScript addPlanKey;

	private final RedisScript removePlanKey;

	/**
	 * Connects to Redis, loads the scripts and subscribes to the change channel, all at start.
	 * @param redis the Redis to connect to, owned (and closed) by the caller
	 * @param commandTimeout bound on every Redis command
	 */
	public RedisUsageStore(SharedRedis redis, Duration commandTimeout) {
		String keyPrefix = redis.keys().of("usage-store");
		this.prefix = keyPrefix;
		this.keysKey = keyPrefix + "api-keys";
		this.valuesKey = keyPrefix + "api-key-values";
		this.plansKey = keyPrefix + "usage-plans";
		this.keys = new String[] { this.keysKey, this.valuesKey, this.plansKey };
		this.channel = redis.keys().prefix() + "usage-changes";
		this.commandTimeout = commandTimeout;
		this.connection = redis.connect(commandTimeout);
		this.commands = this.connection.reactive();
		try {
			// Loaded now so that even the first write is a single EVALSHA.
			this.createKey = load("usage-store-create-key");
			this.updateKey = load("usage-store-update-key");
			this.deleteKey = load("usage-store-delete-key");
			this.createPlan = load("usage-store-create-plan");
			this.updatePlan = load("usage-plan-stages", "usage-store-update-plan");
			this.deletePlan = load("usage-plan-stages", "usage-store-delete-plan");
			this.addPlanKey = load("usage-plan-stages", "usage-store-add-plan-key");
			this.removePlanKey = load("usage-store-remove-plan-key");
			this.changeFeed = new RedisChangeFeed<>(redis, this.channel, commandTimeout,
					RedisUsageStore::parseChange,
					UsageChange.everything());
		}
		catch (RuntimeException ex) {
			this.connection.close();
			throw ex;
		}
	}

	// API keys

	@Override
	public Flux<ApiKey> findApiKeys() {
		return RedisTimeout.bound(this.commands.hgetall(this.keysKey), this.commandTimeout)
			.filter(KeyValue::hasValue)
			.concatMap((entry) -> Mono
				.justOrEmpty(readOrSkip(entry.getKey(), entry.getValue(), UsageJson::readApiKey)))
			.sort(Comparator.comparing(ApiKey::id));
	}

	@Override
	public Mono<ApiKey> findApiKey(String keyId) {
		return RedisTimeout.bound(this.commands.hget(this.keysKey, keyId), this.commandTimeout)
			.map(UsageJson::readApiKey);
	}

	@Override
	public Mono<ApiKey> findApiKeyByValue(String value) {
		return RedisTimeout.bound(this.commands.hget(this.valuesKey, value), this.commandTimeout)
			.flatMap(this::findApiKey);
	}

	@Override
	public Mono<ApiKey> createApiKey(ApiKey key) {
		return Mono.defer(() -> run(this.createKey, key.id(), key.value(), UsageJson.write(key))).flatMap((result) -> {
			if (result == 1) {
				return Mono.just(key);
			}
			return Mono.error((result == 0) ? UsageStore.apiKeyValueTaken()
					: new IllegalStateException("API key id " + key.id() + " is taken"));
		});
	}

	@Override
	public Mono<ApiKey> updateApiKey(String keyId, UnaryOperator<ApiKey> change) {
		return compareAndSet(this.keysKey, keyId, UsageStore::apiKeyNotFound, (json) -> {
			ApiKey current = UsageJson.readApiKey(json);
			ApiKey updated = change.apply(current);
			if (!updated.id().equals(keyId) || !updated.value().equals(current.value())) {
				throw new IllegalArgumentException("The id and value of API key " + keyId + " cannot change");
			}
			return run(this.updateKey, keyId, json, UsageJson.write(updated))
				.flatMap((result) -> switch (result.intValue()) {
					case 1 -> Mono.just(updated);
					case 0 -> Mono.error(new ChangedMeanwhile());
					default -> Mono.error(UsageStore.apiKeyNotFound());
				});
		});
	}

	@Override
	public Mono<Boolean> deleteApiKey(String keyId) {
		return Mono.defer(() -> run(this.deleteKey, keyId)).map((deleted) -> deleted == 1);
	}

	// Usage plans

	@Override
	public Flux<UsagePlan> findUsagePlans() {
		return RedisTimeout.bound(this.commands.hgetall(this.plansKey), this.commandTimeout)
			.filter(KeyValue::hasValue)
			.concatMap((entry) -> Mono
				.justOrEmpty(readOrSkip(entry.getKey(), entry.getValue(), UsageJson::readUsagePlan)))
			.sort(Comparator.comparing(UsagePlan::id));
	}

	@Override
	public Mono<UsagePlan> findUsagePlan(String planId) {
		return RedisTimeout.bound(this.commands.hget(this.plansKey, planId), this.commandTimeout)
			.map(UsageJson::readUsagePlan);
	}

	@Override
	public Mono<UsagePlan> createUsagePlan(UsagePlan plan) {
		return Mono.defer(() -> run(this.createPlan, plan.id(), UsageJson.write(plan)))
			.flatMap((result) -> (result == 1) ? Mono.just(plan)
					: Mono.error(new IllegalStateException("Usage plan id " + plan.id() + " is taken")));
	}

	@Override
	public Mono<UsagePlan> updateUsagePlan(String planId, UnaryOperator<UsagePlan> change) {
		return compareAndSet(this.plansKey, planId, UsageStore::usagePlanNotFound, (json) -> {
			UsagePlan updated = change.apply(UsageJson.readUsagePlan(json));
			if (!updated.id().equals(planId)) {
				throw new IllegalArgumentException("The id of usage plan " + planId + " cannot change");
			}
			return this.<List<Object>>run(this.updatePlan, ScriptOutputType.MULTI, planId, json,
					UsageJson.write(updated))
				.flatMap((result) -> switch (code(result)) {
					case 1 -> Mono.just(updated);
					case 0 -> Mono.error(new ChangedMeanwhile());
					case 2 -> Mono.error(UsageStore.stageAlreadyAdmitted(planId, (String) result.get(1),
							(String) result.get(2)));
					default -> Mono.error(UsageStore.usagePlanNotFound());
				});
		});
	}

	@Override
	public Mono<Boolean> deleteUsagePlan(String planId) {
		return Mono.defer(() -> run(this.deletePlan, planId)).map((deleted) -> deleted == 1);
	}

	// Usage plan keys

	@Override
	public Flux<UsagePlanKey> findUsagePlanKeys(String planId) {
		Flux<KeyValue<String, String>> keys = RedisTimeout.bound(this.commands.hexists(this.plansKey, planId),
				this.commandTimeout)
			.flatMapMany((exists) -> exists ? this.commands.hkeys(planKeysKey(planId)).collectList()
					: Mono.error(UsageStore.usagePlanNotFound()))
			.flatMap((keyIds) -> keyIds.isEmpty() ? Flux.empty()
					: this.commands.hmget(this.keysKey, keyIds.stream().sorted().toArray(String[]::new)));
		return RedisTimeout.bound(keys, this.commandTimeout)
			.filter(KeyValue::hasValue)
			.concatMap((entry) -> Mono
				.justOrEmpty(readOrSkip(entry.getKey(), entry.getValue(), UsageJson::readApiKey)))
			.map(UsagePlanKey::of);
	}

	@Override
	public Flux<UsagePlan> findUsagePlansOfKey(String keyId) {
		Flux<KeyValue<String, String>> plans = RedisTimeout
			.bound(this.commands.smembers(this.prefix + "api-key-plans:" + keyId), this.commandTimeout)
			.collectList()
			.flatMapMany((planIds) -> planIds.isEmpty() ? Flux.empty()
					: this.commands.hmget(this.plansKey, planIds.stream().sorted().toArray(String[]::new)));
		return RedisTimeout.bound(plans, this.commandTimeout)
			.filter(KeyValue::hasValue)
			.concatMap((entry) -> Mono
				.justOrEmpty(readOrSkip(entry.getKey(), entry.getValue(), UsageJson::readUsagePlan)));
	}

	@Override
	public Mono<UsagePlanKey> createUsagePlanKey(String planId, String keyId) {
		return Mono.defer(() -> this.<List<Object>>run(this.addPlanKey, ScriptOutputType.MULTI, planId, keyId))
			.flatMap((result) -> switch (code(result)) {
				case 1 -> findApiKey(keyId).map(UsagePlanKey::of);
				case 2 -> Mono.error(UsageStore.stageAlreadyAdmitted(planId, keyId, (String) result.get(1)));
				case -2 -> Mono.error(UsageStore.apiKeyNotFound());
				case -3 -> Mono.error(UsageStore.usagePlanKeyExists());
				default -> Mono.error(UsageStore.usagePlanNotFound());
			});
	}

	@Override
	public Mono<Boolean> deleteUsagePlanKey(String planId, String keyId) {
		return Mono.defer(() -> run(this.removePlanKey, planId, keyId)).map((removed) -> removed == 1);
	}

	@Override
	public Mono<UsagePlan> findUsagePlanOfStage(String keyId, String apiId, String stage) {
		return RedisTimeout
			.bound(this.commands.hget(this.prefix + "api-key-stages:" + keyId, ApiStage.of(apiId, stage).stageId()),
					this.commandTimeout)
			.flatMap(this::findUsagePlan);
	}

	@Override
	public Flux<UsageChange> changes() {
		return this.changeFeed.changes();
	}

	@Override
	public void close() {
		this.changeFeed.close();
		this.connection.close();
	}

	private String planKeysKey(String planId) {
		return this.prefix + "usage-plan-keys:" + planId;
	}

	/**
	 * Reads the JSON stored under {@code id}, lets {@code write} replace it with a compare-and-set script, and
	 * starts again when another writer changed it in between.
	 */
	private <T> Mono<T> compareAndSet(String hash, String id, Supplier<ApiModelException> notFound,
			Function<String, Mono<T>> write) {
		return Mono.defer(() -> RedisTimeout.bound(this.commands.hget(hash, id), this.commandTimeout))
			.switchIfEmpty(Mono.error(notFound))
			.flatMap(write)
			.retryWhen(Retry.max(16).filter(ChangedMeanwhile.class::isInstance));
	}

	private static int code(List<Object> result) {
		return ((Number) result.get(0)).intValue();
	}

	private static @Nullable UsageChange parseChange(String message) {
		int separator = message.indexOf(':');
		if (separator < 0) {
			return null;
		}
		try {
			Kind kind = Kind.valueOf(message.substring(0, separator));
			return new UsageChange(kind, message.substring(separator + 1));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private <T> @Nullable T readOrSkip(String id, String json, Function<String, T> reader) {
		try {
			return reader.apply(json);
		}
		catch (RuntimeException ex) {
			// One unreadable object must not hide the others; the message may quote a key value, so it is left out.
			logger.warn("Skipping " + id + " stored in Redis under the prefix " + this.prefix + ": "
					+ EmbeddedUsageStore.reason(ex));
			return null;
		}
	}

	/** Every script: KEYS = api-keys, api-key-values, usage-plans; ARGV[1] = the keys' prefix, ARGV[2] = channel. */
	private RedisScript load(String... names) {
		return RedisScript.load(this.connection.sync(), names);
	}

	private Mono<Long> run(RedisScript script, String... args) {
		return run(script, ScriptOutputType.INTEGER, args);
	}

	private <T> Mono<T> run(RedisScript script, ScriptOutputType type, String... args) {
		String[] argv = new String[args.length + 2];
		argv[0] = this.prefix;
		argv[1] = this.channel;
		System.arraycopy(args, 0, argv, 2, args.length);
		return RedisTimeout.bound(script.<T>run(this.commands, type, this.keys, argv), this.commandTimeout);
	}

	/** The stored JSON changed between the read and the compare-and-set: read again. */
	private static final class ChangedMeanwhile extends RuntimeException {

		ChangedMeanwhile() {
			super("changed meanwhile", null, false, false);
		}

	}

}
