package io.tollgate.usage;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * Everything the embedded store holds, immutable: each write builds the next state (or refuses with AWS's error)
 * and replaces the whole, so readers never wait and never see half of a write. The rules that span objects live
 * here: one key per value, one plan per API stage per key.
 */
final class UsageState {

	private final NavigableMap<String, ApiKey> keys;

	private final Map<String, String> keyIdsByValue;

	private final NavigableMap<String, UsagePlan> plans;

	/** Plan id to the ids of its keys. */
	private final Map<String, SortedSet<String>> planKeys;

	/** Key id to the ids of the plans it is in. */
	private final Map<String, SortedSet<String>> keyPlans;

	private UsageState(NavigableMap<String, ApiKey> keys, Map<String, String> keyIdsByValue,
			NavigableMap<String, UsagePlan> plans, Map<String, SortedSet<String>> planKeys,
			Map<String, SortedSet<String>> keyPlans) {
		this.keys = keys;
		this.keyIdsByValue = keyIdsByValue;
		this.plans = plans;
		this.planKeys = planKeys;
		this.keyPlans = keyPlans;
	}

	/**
	 * The state of stored objects read back, built in one pass. Whatever breaks a rule (a value stored twice, a key
	 * of a plan that no longer exists, two plans admitting one key to a stage) is reported to {@code skipped} and
	 * left out, so that one bad file does not hide the rest.
	 * @param plans each plan with the ids of its keys
	 * @param skipped told what was left out and why
	 */
	static UsageState load(List<ApiKey> keys, Map<UsagePlan, List<String>> plans,
			BiConsumer<String, String> skipped) {
		NavigableMap<String, ApiKey> keyMap = new TreeMap<>();
		Map<String, String> byValue = new HashMap<>();
		for (ApiKey key : keys) {
			if (byValue.containsKey(key.value()) || keyMap.containsKey(key.id())) {
				skipped.accept("API key " + key.id(), "its value or id belongs to another key");
				continue;
			}
			keyMap.put(key.id(), key);
			byValue.put(key.value(), key.id());
		}
		NavigableMap<String, UsagePlan> planMap = new TreeMap<>();
		Map<String, SortedSet<String>> planKeys = new HashMap<>();
		Map<String, SortedSet<String>> keyPlans = new HashMap<>();
		plans.keySet().forEach((plan) -> {
			planMap.put(plan.id(), plan);
			planKeys.put(plan.id(), new TreeSet<>());
		});
		plans.forEach((plan, keyIds) -> {
			for (String keyId : keyIds) {
				String what = "key " + keyId + " of usage plan " + plan.id();
				if (!keyMap.containsKey(keyId)) {
					skipped.accept(what, "there is no such key");
					continue;
				}
				SortedSet<String> others = keyPlans.computeIfAbsent(keyId, (id) -> new TreeSet<>());
				boolean overlaps = others.stream()
					.map(planMap::get)
					.anyMatch((other) -> !Collections.disjoint(other.stageIds(), plan.stageIds()));
				if (overlaps) {
					skipped.accept(what, "another plan of the key admits one of its stages");
					continue;
				}
				others.add(plan.id());
				planKeys.get(plan.id()).add(keyId);
			}
		});
		return new UsageState(keyMap, byValue, planMap, planKeys, keyPlans);
	}

	// Queries

	Collection<ApiKey> keys() {
		return Collections.unmodifiableCollection(this.keys.values());
	}

	@Nullable ApiKey key(String keyId) {
		return this.keys.get(keyId);
	}

	@Nullable ApiKey keyByValue(String value) {
		String keyId = this.keyIdsByValue.get(value);
		return (keyId != null) ? this.keys.get(keyId) : null;
	}

	Collection<UsagePlan> plans() {
		return Collections.unmodifiableCollection(this.plans.values());
	}

	@Nullable UsagePlan plan(String planId) {
		return this.plans.get(planId);
	}

	/** The ids of a plan's keys, ordered. */
	Set<String> keyIdsOf(String planId) {
		return Collections.unmodifiableSet(this.planKeys.getOrDefault(planId, Collections.emptySortedSet()));
	}

	/** The plans a key is in, ordered by id. */
	List<UsagePlan> plansOf(String keyId) {
		return this.keyPlans.getOrDefault(keyId, Collections.emptySortedSet())
			.stream()
			.map(this.plans::get)
			.toList();
	}

	@Nullable UsagePlan planOfStage(String keyId, String stageId) {
		for (UsagePlan plan : plansOf(keyId)) {
			if (plan.stageIds().contains(stageId)) {
				return plan;
			}
		}
		return null;
	}

	// Writes

	UsageState withNewKey(ApiKey key) {
		if (this.keyIdsByValue.containsKey(key.value())) {
			throw UsageStore.apiKeyValueTaken();
		}
		if (this.keys.containsKey(key.id())) {
			throw new IllegalStateException("API key id " + key.id() + " is taken");
		}
		return withKeys(put(this.keys, key.id(), key), indexed(this.keyIdsByValue, key.value(), key.id()));
	}

	/** Replaces a stored key; its id and value must not change. */
	UsageState withKey(ApiKey key) {
		ApiKey current = this.keys.get(key.id());
		if (current == null) {
			throw UsageStore.apiKeyNotFound();
		}
		if (!current.value().equals(key.value())) {
			throw new IllegalArgumentException("The value of API key " + key.id() + " cannot change");
		}
		return withKeys(put(this.keys, key.id(), key), this.keyIdsByValue);
	}

	UsageState withoutKey(String keyId) {
		ApiKey current = this.keys.get(keyId);
		if (current == null) {
			return this;
		}
		NavigableMap<String, ApiKey> keys = new TreeMap<>(this.keys);
		keys.remove(keyId);
		Map<String, String> byValue = new HashMap<>(this.keyIdsByValue);
		byValue.remove(current.value());
		Map<String, SortedSet<String>> planKeys = new HashMap<>(this.planKeys);
		for (String planId : this.keyPlans.getOrDefault(keyId, Collections.emptySortedSet())) {
			planKeys.put(planId, without(planKeys.get(planId), keyId));
		}
		Map<String, SortedSet<String>> keyPlans = new HashMap<>(this.keyPlans);
		keyPlans.remove(keyId);
		return new UsageState(keys, byValue, this.plans, planKeys, keyPlans);
	}

	UsageState withNewPlan(UsagePlan plan) {
		if (this.plans.containsKey(plan.id())) {
			throw new IllegalStateException("Usage plan id " + plan.id() + " is taken");
		}
		Map<String, SortedSet<String>> planKeys = new HashMap<>(this.planKeys);
		planKeys.put(plan.id(), new TreeSet<>());
		return new UsageState(this.keys, this.keyIdsByValue, put(this.plans, plan.id(), plan), planKeys,
				this.keyPlans);
	}

	/** Replaces a stored plan, refusing stages that another plan of one of its keys admits already. */
	UsageState withPlan(UsagePlan plan) {
		UsagePlan current = this.plans.get(plan.id());
		if (current == null) {
			throw UsageStore.usagePlanNotFound();
		}
		Set<String> added = new LinkedHashSet<>(plan.stageIds());
		added.removeAll(current.stageIds());
		if (!added.isEmpty()) {
			for (String keyId : keyIdsOf(plan.id())) {
				checkNoOtherPlanAdmits(plan.id(), keyId, added);
			}
		}
		return new UsageState(this.keys, this.keyIdsByValue, put(this.plans, plan.id(), plan), this.planKeys,
				this.keyPlans);
	}

	UsageState withoutPlan(String planId) {
		if (!this.plans.containsKey(planId)) {
			return this;
		}
		NavigableMap<String, UsagePlan> plans = new TreeMap<>(this.plans);
		plans.remove(planId);
		Map<String, SortedSet<String>> keyPlans = new HashMap<>(this.keyPlans);
		for (String keyId : keyIdsOf(planId)) {
			keyPlans.put(keyId, without(keyPlans.get(keyId), planId));
		}
		Map<String, SortedSet<String>> planKeys = new HashMap<>(this.planKeys);
		planKeys.remove(planId);
		return new UsageState(this.keys, this.keyIdsByValue, plans, planKeys, keyPlans);
	}

	UsageState withPlanKey(String planId, String keyId) {
		UsagePlan plan = this.plans.get(planId);
		if (plan == null) {
			throw UsageStore.usagePlanNotFound();
		}
		if (!this.keys.containsKey(keyId)) {
			throw UsageStore.apiKeyNotFound();
		}
		if (keyIdsOf(planId).contains(keyId)) {
			throw UsageStore.usagePlanKeyExists();
		}
		checkNoOtherPlanAdmits(planId, keyId, plan.stageIds());
		Map<String, SortedSet<String>> planKeys = new HashMap<>(this.planKeys);
		planKeys.put(planId, with(planKeys.get(planId), keyId));
		Map<String, SortedSet<String>> keyPlans = new HashMap<>(this.keyPlans);
		keyPlans.put(keyId, with(keyPlans.get(keyId), planId));
		return new UsageState(this.keys, this.keyIdsByValue, this.plans, planKeys, keyPlans);
	}

	UsageState withoutPlanKey(String planId, String keyId) {
		if (!keyIdsOf(planId).contains(keyId)) {
			return this;
		}
		Map<String, SortedSet<String>> planKeys = new HashMap<>(this.planKeys);
		planKeys.put(planId, without(planKeys.get(planId), keyId));
		Map<String, SortedSet<String>> keyPlans = new HashMap<>(this.keyPlans);
		keyPlans.put(keyId, without(keyPlans.get(keyId), planId));
		return new UsageState(this.keys, this.keyIdsByValue, this.plans, planKeys, keyPlans);
	}

	private void checkNoOtherPlanAdmits(String planId, String keyId, Set<String> stageIds) {
		for (UsagePlan other : plansOf(keyId)) {
			if (other.id().equals(planId)) {
				continue;
			}
			for (String stageId : stageIds) {
				if (other.stageIds().contains(stageId)) {
					throw UsageStore.stageAlreadyAdmitted(planId, keyId, stageId);
				}
			}
		}
	}

	private UsageState withKeys(NavigableMap<String, ApiKey> keys, Map<String, String> keyIdsByValue) {
		return new UsageState(keys, keyIdsByValue, this.plans, this.planKeys, this.keyPlans);
	}

	private static <V> NavigableMap<String, V> put(NavigableMap<String, V> map, String key, V value) {
		NavigableMap<String, V> copy = new TreeMap<>(map);
		copy.put(key, value);
		return copy;
	}

	private static Map<String, String> indexed(Map<String, String> map, String key, String value) {
		Map<String, String> copy = new HashMap<>(map);
		copy.put(key, value);
		return copy;
	}

	private static SortedSet<String> with(@Nullable SortedSet<String> set, String element) {
		SortedSet<String> copy = (set != null) ? new TreeSet<>(set) : new TreeSet<>();
		copy.add(element);
		return copy;
	}

	private static SortedSet<String> without(@Nullable SortedSet<String> set, String element) {
		SortedSet<String> copy = (set != null) ? new TreeSet<>(set) : new TreeSet<>();
		copy.remove(element);
		return copy;
	}

}
