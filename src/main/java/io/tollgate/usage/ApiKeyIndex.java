package io.tollgate.usage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.tollgate.model.ApiModelException;
import io.tollgate.usage.UsageStore.UsageChange;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The data plane's view of API keys and usage plans: which plan admits a key (found by the SHA-256 of its value) to
 * an API stage, answered from memory. It reads the {@link UsageStore} once at start and then follows its
 * {@link UsageStore#changes() change feed}, re-reading only what a change names, so requests never wait for the
 * store. Key values are not held: only their digests.
 */
public final class ApiKeyIndex implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ApiKeyIndex.class);

	private final UsageStore store;

	private final Disposable subscription;

	private volatile Snapshot snapshot = Snapshot.EMPTY;

	/** Released when the first full read has ended, however it ended. */
	private final CountDownLatch firstLoad = new CountDownLatch(1);

	public ApiKeyIndex(UsageStore store) {
		this.store = store;
		this.subscription = store.changes()
			.startWith(UsageChange.everything())
			.concatMap((change) -> apply(change).retryWhen(Retry.backoff(10, Duration.ofMillis(100)))
				.onErrorResume((ex) -> {
					logger.warn("Could not read API keys and usage plans after a change (" + change + "): " + ex);
					return Mono.empty();
				})
				.doFinally((signal) -> this.firstLoad.countDown()))
			.subscribe();
	}

	/**
	 * Waits (blocking: at start, never on an event loop) until the first read of the store has ended, so that a
	 * starting replica does not refuse valid keys; {@code false} when it took longer than {@code timeout}.
	 */
	public boolean awaitFirstLoad(Duration timeout) {
		try {
			return this.firstLoad.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The admission of the key with this value to the API stage: {@code null} when the key is unknown, disabled, or
	 * in no plan of the stage.
	 */
	public @Nullable KeyAdmission admit(String value, String apiId, String stage) {
		Snapshot current = this.snapshot;
		String keyId = current.keyIdsByDigest.get(digest(value));
		if (keyId == null) {
			return null;
		}
		IndexedKey key = current.keys.get(keyId);
		if (key == null || !key.enabled()) {
			return null;
		}
		Map<String, UsagePlan> stages = current.admissions.get(keyId);
		UsagePlan plan = (stages != null) ? stages.get(apiId + ApiStage.SEPARATOR + stage) : null;
		return (plan != null) ? new KeyAdmission(keyId, plan) : null;
	}

	@Override
	public void close() {
		this.subscription.dispose();
	}

	private Mono<Void> apply(UsageChange change) {
		return switch (change.kind()) {
			case EVERYTHING -> loadEverything();
			case API_KEY -> reloadKey(change.id());
			case USAGE_PLAN -> reloadPlan(change.id());
		};
	}

	private Mono<Void> loadEverything() {
		Mono<List<ApiKey>> keys = this.store.findApiKeys().collectList();
		Mono<Map<UsagePlan, List<String>>> plans = this.store.findUsagePlans()
			.concatMap((plan) -> this.store.findUsagePlanKeys(plan.id())
				.map(UsagePlanKey::id)
				.collectList()
				.map((keyIds) -> Map.entry(plan, keyIds))
				.onErrorResume(ApiModelException.NotFound.class::isInstance, (ex) -> Mono.empty()))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
		return Mono.zip(keys, plans).doOnNext((loaded) -> {
			Map<String, IndexedKey> indexed = new HashMap<>();
			loaded.getT1().forEach((key) -> indexed.put(key.id(), IndexedKey.of(key)));
			Map<String, UsagePlan> planMap = new HashMap<>();
			Map<String, Set<String>> plansByKey = new HashMap<>();
			loaded.getT2().forEach((plan, keyIds) -> {
				planMap.put(plan.id(), plan);
				keyIds.forEach((keyId) -> plansByKey.computeIfAbsent(keyId, (id) -> new HashSet<>()).add(plan.id()));
			});
			update((current) -> new Snapshot(indexed, planMap, plansByKey));
		}).then();
	}

	private Mono<Void> reloadKey(String keyId) {
		Mono<List<UsagePlan>> plans = this.store.findUsagePlansOfKey(keyId).collectList();
		return this.store.findApiKey(keyId)
			.map(IndexedKey::of)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.zipWith(plans)
			.doOnNext((loaded) -> update((current) -> {
				Map<String, IndexedKey> keys = new HashMap<>(current.keys);
				Map<String, UsagePlan> planMap = new HashMap<>(current.plans);
				Map<String, Set<String>> plansByKey = new HashMap<>(current.plansByKey);
				if (loaded.getT1().isPresent()) {
					keys.put(keyId, loaded.getT1().get());
					Set<String> planIds = new HashSet<>();
					loaded.getT2().forEach((plan) -> {
						planMap.put(plan.id(), plan);
						planIds.add(plan.id());
					});
					plansByKey.put(keyId, planIds);
				}
				else {
					keys.remove(keyId);
					plansByKey.remove(keyId);
				}
				return new Snapshot(keys, planMap, plansByKey);
			}))
			.then();
	}

	private Mono<Void> reloadPlan(String planId) {
		return this.store.findUsagePlan(planId)
			.flatMap((plan) -> this.store.findUsagePlanKeys(planId)
				.map(UsagePlanKey::id)
				.collectList()
				.map((keyIds) -> Map.entry(plan, Set.copyOf(keyIds))))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.doOnNext((loaded) -> update((current) -> {
				Map<String, UsagePlan> planMap = new HashMap<>(current.plans);
				Map<String, Set<String>> plansByKey = new HashMap<>();
				Set<String> keyIds = loaded.map(Map.Entry::getValue).orElse(Set.of());
				current.plansByKey.forEach((keyId, planIds) -> {
					Set<String> updated = new HashSet<>(planIds);
					updated.remove(planId);
					plansByKey.put(keyId, updated);
				});
				keyIds.forEach((keyId) -> plansByKey.computeIfAbsent(keyId, (id) -> new HashSet<>()).add(planId));
				if (loaded.isPresent()) {
					planMap.put(planId, loaded.get().getKey());
				}
				else {
					planMap.remove(planId);
				}
				return new Snapshot(current.keys, planMap, plansByKey);
			}))
			.then();
	}

	private synchronized void update(UnaryOperator<Snapshot> change) {
		this.snapshot = change.apply(this.snapshot);
	}

	/** The hex SHA-256 of a key value: how the index finds keys without holding their values. */
	static String digest(String value) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/** What the index keeps of a key: never its value. */
	private record IndexedKey(String id, String digest, boolean enabled) {

		static IndexedKey of(ApiKey key) {
			return new IndexedKey(key.id(), ApiKeyIndex.digest(key.value()), key.enabled());
		}

	}

	private static final class Snapshot {

		static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), Map.of());

		final Map<String, IndexedKey> keys;

		final Map<String, UsagePlan> plans;

		final Map<String, Set<String>> plansByKey;

		final Map<String, String> keyIdsByDigest;

		/** Key id to its plans by {@code apiId:stage}. */
		final Map<String, Map<String, UsagePlan>> admissions;

		Snapshot(Map<String, IndexedKey> keys, Map<String, UsagePlan> plans, Map<String, Set<String>> plansByKey) {
			this.keys = keys;
			this.plans = plans;
			this.plansByKey = plansByKey;
			this.keyIdsByDigest = new HashMap<>();
			keys.values().forEach((key) -> this.keyIdsByDigest.put(key.digest(), key.id()));
			this.admissions = new HashMap<>();
			plansByKey.forEach((keyId, planIds) -> {
				Map<String, UsagePlan> stages = new HashMap<>();
				for (String planId : planIds) {
					UsagePlan plan = plans.get(planId);
					if (plan != null) {
						plan.apiStages().forEach((stage) -> stages.put(stage.stageId(), plan));
					}
				}
				this.admissions.put(keyId, stages);
			});
		}

	}

}
