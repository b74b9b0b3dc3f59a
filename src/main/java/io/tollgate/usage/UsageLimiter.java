package io.tollgate.usage;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Decides whether a request fits its throttles and quota, and counts it: the token buckets of the request's
 * throttles and the quota counter of its usage plan key are checked and taken from together, atomically, so a
 * refused request takes nothing. Two implementations, chosen by configuration like the {@link UsageStore}: in
 * process ({@link EmbeddedUsageLimiter}) and shared by every replica through Redis ({@link RedisUsageLimiter}).
 * <p>
 * It also keeps the per-day usage of each key that GetUsage reports and UpdateUsage changes.
 */
public interface UsageLimiter {

	/**
	 * Takes one token from every throttle and counts the request against its quota, or refuses it. Fails (as an error
	 * signal) when the limits cannot be checked, such as when Redis is down; the caller applies the failure modes. A
	 * request without throttles or quota ({@link LimitRequest#isEmpty()}) is admitted without asking anything.
	 * @param continueOn where the decision is delivered when it arrives on another thread (a Redis reply): the
	 * request's own event loop
	 */
	Mono<LimitDecision> acquire(LimitRequest request, Scheduler continueOn);

	/** {@link #acquire(LimitRequest, Scheduler)} for a caller without an event loop of its own to go back to. */
	default Mono<LimitDecision> acquire(LimitRequest request) {
		return acquire(request, Schedulers.parallel());
	}

	/**
	 * The recorded days of each key from {@code from} to {@code to} (inclusive): what was counted that day and what
	 * remained of the quota after the day's last change. Days without anything recorded are left out.
	 */
	Mono<Map<String, Map<LocalDate, UsageDay>>> usage(String planId, Collection<String> keyIds, LocalDate from,
			LocalDate to);

	/**
	 * Sets what remains of the key's quota in its current period (UpdateUsage), counted from now on; the remaining
	 * may exceed the quota's limit, which extends it for this period only.
	 */
	Mono<Void> updateRemaining(String planId, String keyId, QuotaSettings quota, long remaining);

	/**
	 * The limits of one request.
	 *
	 * @param throttles the token buckets to take a token from, in AWS's order
	 * @param quota the usage plan key to count the request for; {@code null} when the request has no API key
	 */
	record LimitRequest(List<Throttle> throttles, @Nullable QuotaCount quota) {

		public LimitRequest {
			throttles = List.copyOf(throttles);
		}

		public boolean isEmpty() {
			return this.throttles.isEmpty() && this.quota == null;
		}

	}

	/**
	 * One token bucket.
	 *
	 * @param limit which limit this is, for the {@code limit} tag of the throttle meter ({@code key},
	 * {@code key_method}, {@code stage_method})
	 * @param bucketId the bucket's identity: requests with the same id share its tokens
	 * @param settings its capacity and rate
	 */
	record Throttle(String limit, String bucketId, ThrottleSettings settings) {

		/**
		 * Whether this is a bucket of the request's API key under its usage plan ({@code key}, {@code key_method}),
		 * kept beside the key's quota counter; a stage's bucket is shared by every caller.
		 */
		public boolean ofApiKey() {
			return this.limit.startsWith("key");
		}

	}

	/**
	 * A request of an API key under a usage plan: counted in the key's per-day usage, and against the plan's quota
	 * when it has one.
	 */
	record QuotaCount(String planId, String keyId, @Nullable QuotaSettings quota) {
	}

	/**
	 * What a request got.
	 *
	 * @param outcome admitted or why not
	 * @param refusedBy the throttle that refused it, when throttled
	 */
	record LimitDecision(Outcome outcome, @Nullable Throttle refusedBy) {

		public static final LimitDecision ADMITTED = new LimitDecision(Outcome.ADMITTED, null);

		public static final LimitDecision QUOTA_EXCEEDED = new LimitDecision(Outcome.QUOTA_EXCEEDED, null);

		public static LimitDecision throttled(Throttle throttle) {
			return new LimitDecision(Outcome.THROTTLED, throttle);
		}

	}

	enum Outcome {

		ADMITTED, THROTTLED, QUOTA_EXCEEDED

	}

	/**
	 * One day of a key's usage.
	 *
	 * @param used requests counted that day
	 * @param remaining what remained of the quota after the day's last change; {@code null} when the plan had no
	 * quota
	 */
	record UsageDay(long used, @Nullable Long remaining) {
	}

}
