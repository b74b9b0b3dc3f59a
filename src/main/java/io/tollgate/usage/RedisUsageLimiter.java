package io.tollgate.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.tollgate.redis.CoalescedCalls;
import io.tollgate.redis.RedisConnection;
import io.tollgate.redis.RedisKeys;
import io.tollgate.redis.RedisScript;
import io.tollgate.redis.SharedRedis;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The {@link UsageLimiter} shared by every replica through one Redis: each request is <em>one</em> {@code EVALSHA}
 * of a Lua script that checks every token bucket of the request, checks and increments the quota counter of its
 * period, records the day's usage, and only then takes the tokens. Redis runs scripts one at a time, so the quota is
 * exact however many replicas ask; the buckets refill on Redis's clock ({@code TIME}, microseconds), so replicas'
 * clocks do not matter for throttles. Quota periods and usage days are dated by this replica's {@link Clock} (UTC).
 * <p>
 * Requests that arrive while a script is in flight on the connection wait for it and then go together, as one
 * {@code EVALSHA} that decides each of them in turn at one instant ({@link CoalescedCalls}): under load a round trip
 * and the script's reads and writes of a key serve several requests, and the quota stays exact, as the script is
 * still atomic; a request with none in flight goes at once. Under load, scripts are also spaced by {@code linger}
 * at least, so that each gathers more requests: Redis spends most of a script's time on what any script costs
 * (the call, {@code TIME}, the key's reads and writes), little on each request it decides. A batch holds at most {@code batchSize} requests, on a
 * cluster only requests of one slot. Each request keeps its own answer, bound ({@code timeout} from its arrival) and
 * failure mode.
 * <p>
 * Redis keys, under the configured prefix ({@code tollgate:} by default):
 * <ul>
 * <li>{@code {prefix}bucket:{bucketId}} &mdash; a number, the bucket's theoretical arrival time (GCRA): the Redis
 * time in microseconds at which the bucket is full again; expires then (and a second later). Bucket ids:
 * {@code key:{planId}:{keyId}} (a plan's throttle of one API key), {@code key:{planId}:{keyId}:{apiId}:{stage}:{VERB}
 * {resourcePath}} (a plan's method throttle of one API key), {@code stage:{apiId}:{stage}:{VERB}{resourcePath}}
 * (a stage's method setting);</li>
 * <li>{@code {prefix}quota:{planId}:{keyId}:{periodStart}} &mdash; integer, the requests counted in the quota period
 * starting on that UTC date; expires a day after the period ends;</li>
 * <li>{@code {prefix}usage:{planId}:{keyId}:{yyyy-mm-dd}} &mdash; hash {@code used} (requests counted that day) and
 * {@code remaining} (quota left after the day's last change); kept for {@code tollgate.usage.usage-retention} from
 * the day's first request.</li>
 * </ul>
 * Key ids, never key values, appear in Redis key names.
 * <p>
 * On a Redis Cluster the keys of one API key under one plan (its buckets, quota counters and days) carry the hash
 * tag {@code {planId:keyId}} after the prefix, so they share a slot and a request of a key is still one script; a
 * stage's bucket is a unit of its own. A request that needs both, a keyed method with a stage throttle, runs the
 * stage's part first and the key's part (with the quota) only when the stage admitted it, giving the stage's token
 * back when the key's part refuses: the quota never counts a request a throttle refused, at the cost of a second
 * round trip for those requests.
 * <p>
 * Its connection rejects commands at once while Redis is unreachable (rather than queueing them until a timeout), so
 * the failure modes answer quickly; Lettuce reconnects by itself, and the scripts are sent again when a restarted
 * Redis has forgotten them.
 */
public final class RedisUsageLimiter implements UsageLimiter, AutoCloseable {

	private final SharedRedis redis;

	private final RedisKeys keys;

	private final RedisConnection<String, String> connection;

	private final RedisClusterAsyncCommands<String, String> commands;

	private final Clock clock;

	private final String retentionMillis;

	/** Per API key under a plan (and its quota settings); bounded, as a replica may see any number of keys. */
	private final Cache<QuotaCount, Counting> counting = Caffeine.newBuilder().maximumSize(10_000).build();

	/** Bounded: settings are few, but any number may be created over a replica's life. */
	private final Cache<ThrottleSettings, BucketArgs> bucketArgs = Caffeine.newBuilder().maximumSize(1024).build();

	private final RedisScript acquire;

	private final int batchSize;

	private final Duration linger;

	private final Duration timeout;

	/** The requests in flight on one server. */
	private final CoalescedCalls<Acquire, Integer> acquires;

	/** The requests in flight per slot of a cluster; at most one per slot. */
	private final Map<Integer, CoalescedCalls<Acquire, Integer>> acquiresBySlot = new ConcurrentHashMap<>();

	private final RedisScript refund;

	private final RedisScript updateRemaining;

	/**
	 * Connects with {@code redis}, its own (see {@link SharedRedis#failingFast}), which it closes on
	 * {@link #close()}.
	 * @param timeout bound on each command
	 * @param clock dates quota periods and usage days
	 * @param retention how long per-day usage is kept
	 * @param batchSize at most this many requests in one script (1: each request's script on its own)
	 * @param linger under load, the least time between two scripts (see {@link CoalescedCalls})
	 */
	public RedisUsageLimiter(SharedRedis redis, Duration timeout, Clock clock, Duration retention, int batchSize,
			Duration linger) {
		this.redis = redis;
		this.keys = redis.keys();
		try {
			this.connection = redis.connect(timeout);
			this.commands = this.connection.async();
			this.acquire = RedisScript.load(this.connection.sync(), "usage-limiter-acquire");
			this.refund = RedisScript.load(this.connection.sync(), "usage-limiter-refund");
			this.updateRemaining = RedisScript.load(this.connection.sync(), "usage-limiter-update-remaining");
		}
		catch (RuntimeException ex) {
			redis.close();
			throw ex;
		}
		this.clock = clock;
		this.retentionMillis = Long.toString(retention.toMillis());
		this.batchSize = batchSize;
		this.linger = linger;
		this.timeout = timeout;
		this.acquires = coalesced();
	}

	@Override
	public Mono<LimitDecision> acquire(LimitRequest request, Scheduler continueOn) {
		if (request.isEmpty()) {
			return Mono.just(LimitDecision.ADMITTED);
		}
		List<Throttle> throttles = request.throttles();
		QuotaCount quota = request.quota();
		Counting count = (quota != null) ? counting(quota) : null;
		String unit = (count != null) ? count.unit() : this.keys.prefix();
		String[] buckets = new String[throttles.size()];
		for (int i = 0; i < buckets.length; i++) {
			Throttle throttle = throttles.get(i);
			buckets[i] = (throttle.ofApiKey() ? unit : this.keys.prefix()) + "bucket:" + throttle.bucketId();
		}
		int quotaSlot = (count != null) ? count.slot() : -1;
		Mono<LimitDecision> decision = inOneSlot(buckets, quotaSlot) ? take(null, buckets, throttles, count)
				: inTurn(parts(buckets, quotaSlot), 0, buckets, throttles, count);
		// Delivered off Lettuce's event loop, which every Redis user of the replica shares: the rest of the request's
		// pipeline (mapping templates, the integration call) must not run there, but on the request's own.
		return decision.publishOn(continueOn);
	}

	/** Whether the buckets share {@code quotaSlot} (or, without a key, each other's): always on one server. */
	private boolean inOneSlot(String[] buckets, int quotaSlot) {
		if (!this.keys.cluster()) {
			return true;
		}
		int slot = quotaSlot;
		for (String bucket : buckets) {
			int own = this.keys.slot(bucket);
			if (slot >= 0 && own != slot) {
				return false;
			}
			slot = own;
		}
		return true;
	}

	/**
	 * The buckets grouped by slot, as indexes in the request's order, the group of {@code quotaSlot} (the key's, -1
	 * without a key) last: one group on one server, and on a cluster for any request that touches one unit.
	 */
	private List<int[]> parts(String[] buckets, int quotaSlot) {
		Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
		for (int i = 0; i < buckets.length; i++) {
			bySlot.computeIfAbsent(this.keys.slot(buckets[i]), (slot) -> new ArrayList<>(2)).add(i);
		}
		List<int[]> parts = new ArrayList<>(bySlot.size() + 1);
		bySlot.forEach((slot, indexes) -> {
			if (slot != quotaSlot) {
				parts.add(indexes.stream().mapToInt(Integer::intValue).toArray());
			}
		});
		List<Integer> last = bySlot.get(quotaSlot);
		if (last != null || quotaSlot >= 0 || parts.isEmpty()) {
			parts.add((last != null) ? last.stream().mapToInt(Integer::intValue).toArray() : new int[0]);
		}
		return parts;
	}

	/** Takes the parts one after the other, the quota's last, giving back what earlier parts took on a refusal. */
	private Mono<LimitDecision> inTurn(List<int[]> parts, int index, String[] buckets, List<Throttle> throttles,
			@Nullable Counting count) {
		boolean last = index == parts.size() - 1;
		return take(parts.get(index), buckets, throttles, last ? count : null).flatMap((decision) -> {
			if (decision.outcome() != Outcome.ADMITTED) {
				return refund(parts.subList(0, index), buckets, throttles).thenReturn(decision);
			}
			return last ? Mono.just(decision) : inTurn(parts, index + 1, buckets, throttles, count);
		});
	}

	/**
	 * One request's script: the buckets {@code part} of the request ({@code null}: all of them), and its quota when
	 * {@code count} is given; sent with the scripts of concurrent requests of its slot (see {@link #acquires}).
	 */
	private Mono<LimitDecision> take(int @Nullable [] part, String[] buckets, List<Throttle> throttles,
			@Nullable Counting count) {
		int n = (part != null) ? part.length : buckets.length;
		String[] keys = new String[n + ((count != null) ? 2 : 0)];
		String[] args = new String[2 + 3 * n + ((count != null) ? 3 : 0)];
		args[0] = Integer.toString(n);
		args[1] = (count != null) ? "1" : "0";
		for (int j = 0; j < n; j++) {
			int i = (part != null) ? part[j] : j;
			keys[j] = buckets[i];
			BucketArgs bucket = bucketArgs(throttles.get(i).settings());
			args[3 * j + 2] = bucket.interval();
			args[3 * j + 3] = bucket.tolerance();
			args[3 * j + 4] = bucket.idleExpiry();
		}
		if (count != null) {
			keys[n] = count.quotaKey();
			keys[n + 1] = count.dayKey();
			args[3 * n + 2] = count.limit();
			args[3 * n + 3] = count.quotaExpiresAt();
			args[3 * n + 4] = this.retentionMillis;
		}
		return acquires(keys[0]).call(new Acquire(keys, args)).map((code) -> {
			if (code == 0) {
				return LimitDecision.ADMITTED;
			}
			if (code < 0) {
				return LimitDecision.QUOTA_EXCEEDED;
			}
			return LimitDecision.throttled(throttles.get((part != null) ? part[code - 1] : code - 1));
		});
	}

	/**
	 * The requests in flight to the slot of {@code key}: one server has one slot here; on a cluster a batch may hold
	 * only requests whose keys share a slot (one script runs on one master), so requests coalesce per slot.
	 */
	private CoalescedCalls<Acquire, Integer> acquires(String key) {
		if (!this.keys.cluster()) {
			return this.acquires;
		}
		return this.acquiresBySlot.computeIfAbsent(this.keys.slot(key), (slot) -> coalesced());
	}

	private CoalescedCalls<Acquire, Integer> coalesced() {
		return new CoalescedCalls<>(this::acquireBatch, this.batchSize, this.linger, this.timeout);
	}

	/**
	 * One script for a batch of requests: identical requests (one API key's requests of one method) go as one group
	 * with their number, so that the script's arguments grow with the distinct requests, not with all of them.
	 */
	private Mono<List<Integer>> acquireBatch(List<Acquire> batch) {
		Map<Acquire, Integer> groups = new LinkedHashMap<>();
		int[] groupOf = new int[batch.size()];
		for (int i = 0; i < groupOf.length; i++) {
			groupOf[i] = groups.computeIfAbsent(batch.get(i), (distinct) -> groups.size());
		}
		int[] counts = new int[groups.size()];
		for (int group : groupOf) {
			counts[group]++;
		}
		List<String> keys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		groups.forEach((acquire, group) -> {
			keys.addAll(Arrays.asList(acquire.keys()));
			args.add(Integer.toString(counts[group]));
			args.addAll(Arrays.asList(acquire.args()));
		});
		return this.<List<Long>>run(this.acquire, ScriptOutputType.MULTI, keys.toArray(String[]::new),
				args.toArray(String[]::new))
			.map((answers) -> {
				if (groupOf.length == 1) {
					// One request: its answer alone.
					return List.of(answers.get(0).intValue());
				}
				// Per group: how many were admitted (its first ones), and why the rest were refused.
				int[] decided = new int[counts.length];
				List<Integer> codes = new ArrayList<>(groupOf.length);
				for (int group : groupOf) {
					boolean admitted = decided[group]++ < answers.get(2 * group);
					codes.add(admitted ? 0 : answers.get(2 * group + 1).intValue());
				}
				return codes;
			});
	}

	/** Gives back the tokens {@code parts} took; a failure leaves them taken (they refill with time). */
	private Mono<Void> refund(List<int[]> parts, String[] buckets, List<Throttle> throttles) {
		return Flux.fromIterable(parts).flatMap((part) -> {
			String[] keys = new String[part.length];
			String[] intervals = new String[part.length];
			for (int j = 0; j < part.length; j++) {
				keys[j] = buckets[part[j]];
				intervals[j] = bucketArgs(throttles.get(part[j]).settings()).interval();
			}
			return this.<Long>run(this.refund, ScriptOutputType.INTEGER, keys, intervals)
				.onErrorResume((ex) -> Mono.empty());
		}).then();
	}

	/** The script's arguments of a bucket, formatted once per distinct setting. */
	private BucketArgs bucketArgs(ThrottleSettings settings) {
		return this.bucketArgs.get(settings, BucketArgs::of);
	}

	@Override
	public Mono<Map<String, Map<LocalDate, UsageDay>>> usage(String planId, Collection<String> keyIds,
			LocalDate from, LocalDate to) {
		return Flux.fromIterable(keyIds)
			.concatMap((keyId) -> days(planId + ":" + keyId, from, to).map((days) -> Map.entry(keyId, days)))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
	}

	private Mono<Map<LocalDate, UsageDay>> days(String id, LocalDate from, LocalDate to) {
		List<LocalDate> dates = new ArrayList<>();
		for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
			dates.add(day);
		}
		return Flux.fromIterable(dates)
			.flatMapSequential((day) -> Mono.fromCompletionStage(() -> this.commands.hmget(dayKey(id, day), "used",
					"remaining"))
				.map((values) -> Map.entry(day, values)), 16)
			.filter((entry) -> entry.getValue().get(0).hasValue())
			.collectMap(Map.Entry::getKey, (entry) -> {
				String remaining = entry.getValue().get(1).getValueOrElse(null);
				return new UsageDay(Long.parseLong(entry.getValue().get(0).getValue()),
						(remaining != null) ? Long.valueOf(remaining) : null);
			}, TreeMap::new);
	}

	@Override
	public Mono<Void> updateRemaining(String planId, String keyId, QuotaSettings quota, long remaining) {
		return Mono.defer(() -> {
			String id = planId + ":" + keyId;
			LocalDate today = today();
			QuotaWindow window = QuotaWindow.of(quota, today);
			String[] keys = { quotaKey(id, window), dayKey(id, today) };
			String[] args = { Long.toString(quota.limit() - remaining), Long.toString(remaining),
					Long.toString(quotaExpiry(window).toMillis()), this.retentionMillis };
			return this.<Long>run(this.updateRemaining, ScriptOutputType.INTEGER, keys, args);
		}).then();
	}

	@Override
	public void close() {
		this.connection.close();
		this.redis.close();
	}

	/**
	 * The names and arguments of {@code quota} today: made on the key's first request of the day (by this replica's
	 * clock) and kept, rather than dated, named and formatted on every request.
	 */
	private Counting counting(QuotaCount quota) {
		long now = this.clock.millis();
		Counting count = this.counting.getIfPresent(quota);
		if (count == null || now < count.from() || now >= count.until()) {
			count = Counting.of(quota, LocalDate.ofEpochDay(Math.floorDiv(now, 86_400_000L)), this.keys);
			this.counting.put(quota, count);
		}
		return count;
	}

	/** The prefix of the keys of one API key under one plan, {@code planId:keyId}. */
	private String unitOf(String id) {
		return this.keys.of(id);
	}

	private String quotaKey(String id, QuotaWindow window) {
		return quotaKey(unitOf(id), id, window);
	}

	private String dayKey(String id, LocalDate day) {
		return dayKey(unitOf(id), id, day);
	}

	private static String quotaKey(String unit, String id, QuotaWindow window) {
		return unit + "quota:" + id + ":" + window.start();
	}

	private static String dayKey(String unit, String id, LocalDate day) {
		return unit + "usage:" + id + ":" + day;
	}

	/** Until a day after the period ends, so that a replica whose clock is a little late still finds it. */
	private Duration quotaExpiry(QuotaWindow window) {
		return Duration.ofMillis(Math.max(quotaExpiresAt(window) - this.clock.millis(), 1000));
	}

	private static long quotaExpiresAt(QuotaWindow window) {
		return startOf(window.end().plusDays(1));
	}

	private static long startOf(LocalDate day) {
		return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
	}

	private LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	private <T> Mono<T> run(RedisScript script, ScriptOutputType type, String[] keys, String[] args) {
		return script.run(this.commands, type, keys, args);
	}

	/**
	 * One API key's counting under its plan on one UTC day.
	 *
	 * @param from the day's first millisecond
	 * @param until the next day's first millisecond
	 * @param unit the prefix of the key's keys
	 * @param slot the slot of the key's keys
	 * @param quotaKey the counter of today's quota period (a name never written without a quota)
	 * @param dayKey today's usage
	 * @param limit the quota's limit, {@code -1} for none
	 * @param quotaExpiresAt when the counter expires, epoch milliseconds ({@code 0} without a quota)
	 */
	private record Counting(long from, long until, String unit, int slot, String quotaKey, String dayKey, String limit,
			String quotaExpiresAt) {

		static Counting of(QuotaCount count, LocalDate today, RedisKeys keys) {
			String id = count.planId() + ":" + count.keyId();
			String unit = keys.of(id);
			QuotaSettings quota = count.quota();
			QuotaWindow window = (quota != null) ? QuotaWindow.of(quota, today) : null;
			// Without a quota the counter is not read by the script, but named so that every key it is given is one
			// of Tollgate's.
			String quotaKey = (window != null) ? RedisUsageLimiter.quotaKey(unit, id, window) : unit + "quota:" + id;
			return new Counting(startOf(today), startOf(today.plusDays(1)), unit, keys.slot(unit), quotaKey,
					RedisUsageLimiter.dayKey(unit, id, today), (quota != null) ? Integer.toString(quota.limit()) : "-1",
					(window != null) ? Long.toString(RedisUsageLimiter.quotaExpiresAt(window)) : "0");
		}

	}

	/**
	 * One request's part of the acquire script: its keys, and its arguments after the group's count. Requests with
	 * equal keys and arguments are decided as one group.
	 */
	private record Acquire(String[] keys, String[] args) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Acquire that && Arrays.equals(this.keys, that.keys)
					&& Arrays.equals(this.args, that.args);
		}

		@Override
		public int hashCode() {
			return 31 * Arrays.hashCode(this.keys) + Arrays.hashCode(this.args);
		}

	}

	/**
	 * A bucket as the scripts take it (GCRA, see {@code usage-limiter-acquire.lua}): the microseconds between two
	 * tokens (a rate of 0 never refills: its bucket is dropped after {@link TokenBuckets#NO_REFILL_EXPIRY} idle, as
	 * an interval that long makes it), the burst less one token in those microseconds (negative for a burst of 0,
	 * which admits nothing), and the idle expiry in milliseconds.
	 */
	record BucketArgs(String interval, String tolerance, String idleExpiry) {

		static BucketArgs of(ThrottleSettings settings) {
			double interval = (settings.rateLimit() > 0) ? 1e6 / settings.rateLimit()
					: TokenBuckets.NO_REFILL_EXPIRY.toNanos() / 1e3;
			return new BucketArgs(number(interval), number((settings.burstLimit() - 1) * interval),
					Long.toString(TokenBuckets.idleExpiry(settings).toMillis()));
		}

		/** Integers without a fraction or an exponent, which Lua's {@code tonumber} reads as well as any. */
		private static String number(double value) {
			return (value == Math.rint(value) && Math.abs(value) < 1e15) ? Long.toString((long) value)
					: Double.toString(value);
		}

	}

}
