package io.tollgate.usage;

import java.util.function.UnaryOperator;

import io.tollgate.model.ApiModelException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Holds the API keys, the usage plans and which keys each plan admits. Every write is atomic, including the rules
 * that span objects: a key value belongs to one key, and an API key is admitted to an API stage by at most one plan.
 * Every write is announced on {@link #changes()} to every node that shares the store.
 * <p>
 * Refusals are {@link ApiModelException}s carrying AWS's error type and message, as error signals.
 */
public interface UsageStore {

	// API keys

	/** Every API key, ordered by id. */
	Flux<ApiKey> findApiKeys();

	Mono<ApiKey> findApiKey(String keyId);

	/** The key with this value: the lookup of the data plane. */
	Mono<ApiKey> findApiKeyByValue(String value);

	/** Stores a new key; fails with a {@code ConflictException} when another key has its value. */
	Mono<ApiKey> createApiKey(ApiKey key);

	/**
	 * Applies {@code change} to the stored key, atomically against concurrent writers; the change may throw to
	 * refuse, and must keep the key's id and value.
	 */
	Mono<ApiKey> updateApiKey(String keyId, UnaryOperator<ApiKey> change);

	/** Deletes a key and removes it from every plan; completes with {@code false} when there was none. */
	Mono<Boolean> deleteApiKey(String keyId);

	// Usage plans

	/** Every usage plan, ordered by id. */
	Flux<UsagePlan> findUsagePlans();

	Mono<UsagePlan> findUsagePlan(String planId);

	Mono<UsagePlan> createUsagePlan(UsagePlan plan);

	/**
	 * Applies {@code change} to the stored plan, atomically against concurrent writers; fails with a
	 * {@code ConflictException} when a stage the change adds is already given to one of the plan's keys by another
	 * plan.
	 */
	Mono<UsagePlan> updateUsagePlan(String planId, UnaryOperator<UsagePlan> change);

	/** Deletes a plan with its keys; completes with {@code false} when there was none. */
	Mono<Boolean> deleteUsagePlan(String planId);

	// Usage plan keys

	/** The keys of a plan, ordered by id; fails with {@code NotFoundException} when there is no such plan. */
	Flux<UsagePlanKey> findUsagePlanKeys(String planId);

	/** The plans a key has been added to, ordered by id. */
	Flux<UsagePlan> findUsagePlansOfKey(String keyId);

	/**
	 * Adds a key to a plan; fails with {@code NotFoundException} for an unknown plan or key, and with
	 * {@code ConflictException} when the key is in the plan already or another of its plans admits one of the plan's
	 * stages.
	 */
	Mono<UsagePlanKey> createUsagePlanKey(String planId, String keyId);

	/** Removes a key from a plan; completes with {@code false} when it was not in the plan. */
	Mono<Boolean> deleteUsagePlanKey(String planId, String keyId);

	/** The plan that admits the key to the API stage: what the data plane throttles and counts the key by. */
	Mono<UsagePlan> findUsagePlanOfStage(String keyId, String apiId, String stage);

	/** Changes from this node and every other node sharing the store. */
	Flux<UsageChange> changes();

	static ApiModelException usagePlanNotFound() {
		return ApiModelException.notFound("Invalid Usage Plan ID specified");
	}

	static ApiModelException apiKeyNotFound() {
		return ApiModelException.notFound("Invalid API Key identifier specified");
	}

	static ApiModelException apiKeyValueTaken() {
		return ApiModelException.conflict("API Key already exists");
	}

	static ApiModelException usagePlanKeyExists() {
		return ApiModelException.conflict("Usage Plan Key already exists");
	}

	/** AWS's refusal to let two plans of one key admit the same stage. */
	static ApiModelException stageAlreadyAdmitted(String planId, String keyId, String stageId) {
		return ApiModelException.conflict("Usage Plan " + planId + " cannot be added because API Key " + keyId
				+ " cannot reference multiple Usage Plans with the same API Stage: " + stageId);
	}

	/**
	 * A change of one key (its settings or the plans it is in) or one plan, announced after it is stored;
	 * {@link #everything()} when changes may have been missed and everything must be read again.
	 */
	record UsageChange(Kind kind, String id) {

		public static UsageChange everything() {
			return new UsageChange(Kind.EVERYTHING, "*");
		}

		public static UsageChange apiKey(String keyId) {
			return new UsageChange(Kind.API_KEY, keyId);
		}

		public static UsageChange usagePlan(String planId) {
			return new UsageChange(Kind.USAGE_PLAN, planId);
		}

		public enum Kind {

			API_KEY, USAGE_PLAN, EVERYTHING

		}

	}

}
