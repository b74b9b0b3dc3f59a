package io.tollgate.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.local.LocalBucket;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The {@link UsageLimiter} of a single node: Bucket4j local buckets, dropped when idle for as long as they take to
 * refill, and quota and per-day counters in memory (lost on restart). One lock makes each decision atomic across all
 * of a request's limits; it is held for a few map operations, never for I/O.
 */
public final class EmbeddedUsageLimiter implements UsageLimiter {

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfter(new IdleExpiry()).build();

	private final Clock clock;

	private final Duration retention;

	private final Object lock = new Object();

	/** Per {@code planId:keyId}: the current quota period and what it used. */
	private final Map<String, Period> periods = new HashMap<>();

	/** Per {@code planId:keyId}: the recorded days. */
	private final Map<String, NavigableMap<LocalDate, UsageDay>> days = new HashMap<>();

	/**
	 * @param clock the clock of quota periods and usage days (UTC dates are taken from it)
	 * @param retention how long per-day usage is kept
	 */
	public EmbeddedUsageLimiter(Clock clock, Duration retention) {
		this.clock = clock;
		this.retention = retention;
	}

	@Override
	public Mono<LimitDecision> acquire(LimitRequest request, Scheduler continueOn) {
		// Decided on the caller's thread: nothing to hand over.
		return Mono.fromSupplier(() -> decide(request));
	}

	private LimitDecision decide(LimitRequest request) {
		synchronized (this.lock) {
			LocalBucket[] taken = new LocalBucket[request.throttles().size()];
			for (int i = 0; i < taken.length; i++) {
				Throttle throttle = request.throttles().get(i);
				ThrottleSettings settings = throttle.settings();
				Bucket bucket = this.buckets.get(throttle.bucketId() + "|" + settings.burstLimit() + "|"
						+ settings.rateLimit(), (id) -> new Bucket(TokenBuckets.local(settings), settings));
				if (bucket.tokens() == null || bucket.tokens().getAvailableTokens() < 1) {
					return LimitDecision.throttled(throttle);
				}
				taken[i] = bucket.tokens();
			}
			QuotaCount count = request.quota();
			if (count != null && !count(count)) {
				return LimitDecision.QUOTA_EXCEEDED;
			}
			for (LocalBucket bucket : taken) {
				bucket.tryConsume(1);
			}
			return LimitDecision.ADMITTED;
		}
	}

	/** Counts the request, or refuses it when its quota is used up. */
	private boolean count(QuotaCount count) {
		String id = count.planId() + ":" + count.keyId();
		LocalDate today = today();
		Long remaining = null;
		QuotaSettings quota = count.quota();
		if (quota != null) {
			Period period = currentPeriod(id, quota, today);
			if (period.used >= quota.limit()) {
				return false;
			}
			period.used++;
			remaining = quota.limit() - period.used;
		}
		NavigableMap<LocalDate, UsageDay> recorded = this.days.computeIfAbsent(id, (key) -> new TreeMap<>());
		UsageDay day = recorded.get(today);
		recorded.put(today, new UsageDay(((day != null) ? day.used() : 0) + 1, remaining));
		recorded.headMap(today.minusDays(this.retention.toDays())).clear();
		return true;
	}

	private Period currentPeriod(String id, QuotaSettings quota, LocalDate today) {
		LocalDate start = QuotaWindow.of(quota, today).start();
		Period period = this.periods.get(id);
		if (period == null || !period.start.equals(start)) {
			period = new Period(start);
			this.periods.put(id, period);
		}
		return period;
	}

	@Override
	public Mono<Map<String, Map<LocalDate, UsageDay>>> usage(String planId, Collection<String> keyIds,
			LocalDate from, LocalDate to) {
		return Mono.fromSupplier(() -> {
			Map<String, Map<LocalDate, UsageDay>> usage = new LinkedHashMap<>();
			synchronized (this.lock) {
				for (String keyId : keyIds) {
					NavigableMap<LocalDate, UsageDay> recorded = this.days.get(planId + ":" + keyId);
					usage.put(keyId, (recorded != null) ? new TreeMap<>(recorded.subMap(from, true, to, true))
							: Map.of());
				}
			}
			return usage;
		});
	}

	@Override
	public Mono<Void> updateRemaining(String planId, String keyId, QuotaSettings quota, long remaining) {
		return Mono.fromRunnable(() -> {
			String id = planId + ":" + keyId;
			LocalDate today = today();
			synchronized (this.lock) {
				currentPeriod(id, quota, today).used = quota.limit() - remaining;
				NavigableMap<LocalDate, UsageDay> recorded = this.days.computeIfAbsent(id, (key) -> new TreeMap<>());
				UsageDay day = recorded.get(today);
				recorded.put(today, new UsageDay((day != null) ? day.used() : 0, remaining));
			}
		});
	}

	private LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	private record Bucket(@Nullable LocalBucket tokens, ThrottleSettings settings) {
	}

	private static final class Period {

		private final LocalDate start;

		private long used;

		Period(LocalDate start) {
			this.start = start;
		}

	}

	private static final class IdleExpiry implements Expiry<String, Bucket> {

		@Override
		public long expireAfterCreate(String key, Bucket bucket, long currentTime) {
			return TokenBuckets.idleExpiry(bucket.settings()).toNanos();
		}

		@Override
		public long expireAfterUpdate(String key, Bucket bucket, long currentTime, long currentDuration) {
			return TokenBuckets.idleExpiry(bucket.settings()).toNanos();
		}

		@Override
		public long expireAfterRead(String key, Bucket bucket, long currentTime, long currentDuration) {
			return TokenBuckets.idleExpiry(bucket.settings()).toNanos();
		}

	}

}
