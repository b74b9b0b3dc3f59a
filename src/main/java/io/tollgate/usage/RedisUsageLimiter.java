package io.tollgate.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.tollgate.redis.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link UsageLimiter} shared by every replica through one Redis: each request is <em>one</em> {@code EVALSHA}
 * of a Lua script that checks every token bucket of the request, checks and increments the quota counter of its
 * period, records the day's usage, and only then takes the tokens. Redis runs scripts one at a time, so the quota is
 * exact however many replicas ask; the buckets refill on Redis's clock ({@code TIME}, microseconds), so replicas'
 * clocks do not matter for throttles. Quota periods and usage days are dated by this replica's {@link Clock} (UTC).
 * <p>
 * Redis keys, under the configured prefix ({@code tollgate:} by default):
 * <ul>
 * <li>{@code {prefix}throttle:{bucketId}} &mdash; hash {@code t} (tokens left, fractional), {@code s}/{@code us}
 * (Redis time of the last take); expires when idle for as long as the bucket takes to refill. Bucket ids:
 * {@code key:{planId}:{keyId}} (a plan's throttle of one API key), {@code key:{planId}:{keyId}:{apiId}:{stage}:{VERB}
 * {resourcePath}} (a plan's method throttle of one API key), {@code stage:{apiId}:{stage}:{VERB}{resourcePath}}
 * (a stage's method setting);</li>
 * <li>{@code {prefix}quota:{planId}:{keyId}:{periodStart}} &mdash; integer, the requests counted in the quota period
 * starting on that UTC date; expires a day after the period ends;</li>
 * <li>{@code {prefix}usage:{planId}:{keyId}:{yyyy-mm-dd}} &mdash; hash {@code used} (requests counted that day) and
 * {@code remaining} (quota left after the day's last change); kept for {@code tollgate.usage.usage-retention}.</li>
 * </ul>
 * Key ids, never key values, appear in Redis key names. On a Redis Cluster the prefix must carry a hash tag (such
 * as {@code {tollgate}:}) so that one script's keys share a slot.
 * <p>
 * Its connection rejects commands at once while Redis is unreachable (rather than queueing them until a timeout), so
 * the failure modes answer quickly; Lettuce reconnects by itself, and the scripts are sent again when a restarted
 * Redis has forgotten them.
 */
public final class RedisUsageLimiter implements UsageLimiter, AutoCloseable {

	private static final int FIXED_ARGS = 5;

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private final RedisAsyncCommands<String, String> commands;

	private final String prefix;

	private final Clock clock;

	private final Duration retention;

	private final RedisScript acquire;

	private final RedisScript updateRemaining;

	/**
	 * Connects with {@code client}, its own (see {@link io.tollgate.redis.RedisClients#failingFast}), which it shuts
	 * down on {@link #close()}.
	 * @param timeout bound on each command
	 * @param clock dates quota periods and usage days
	 * @param retention how long per-day usage is kept
	 */
	public RedisUsageLimiter(RedisClient client, String keyPrefix, Duration timeout, Clock clock, Duration retention) {
		this.client = client;
		try {
			this.connection = this.client.connect(StringCodec.UTF8);
			this.connection.setTimeout(timeout);
			this.commands = this.connection.async();
			this.acquire = RedisScript.load(this.connection.sync(), "usage-limiter-acquire");
			this.updateRemaining = RedisScript.load(this.connection.sync(), "usage-limiter-update-remaining");
		}
		catch (RuntimeException ex) {
			this.client.shutdown();
			throw ex;
		}
		this.prefix = keyPrefix;
		this.clock = clock;
		this.retention = retention;
	}

	@Override
	public Mono<LimitDecision> acquire(LimitRequest request) {
		List<Throttle> throttles = request.throttles();
		int n = throttles.size();
		QuotaCount count = request.quota();
		String[] keys = new String[n + ((count != null) ? 2 : 0)];
		String[] args = new String[FIXED_ARGS + 3 * n];
		for (int i = 0; i < n; i++) {
			Throttle throttle = throttles.get(i);
			keys[i] = this.prefix + "throttle:" + throttle.bucketId();
			args[FIXED_ARGS + 3 * i] = Integer.toString(throttle.settings().burstLimit());
			args[FIXED_ARGS + 3 * i + 1] = Double.toString(throttle.settings().rateLimit());
			args[FIXED_ARGS + 3 * i + 2] = Long.toString(TokenBuckets.idleExpiry(throttle.settings()).toMillis());
		}
		args[0] = Integer.toString(n);
		args[1] = (count != null) ? "1" : "0";
		args[2] = "-1";
		args[3] = "0";
		args[4] = "0";
		if (count != null) {
			LocalDate today = today();
			String id = count.planId() + ":" + count.keyId();
			QuotaSettings quota = count.quota();
			if (quota != null) {
				QuotaWindow window = QuotaWindow.of(quota, today);
				keys[n] = quotaKey(id, window);
				args[2] = Integer.toString(quota.limit());
				args[3] = Long.toString(quotaExpiry(window).toMillis());
			}
			else {
				// Not read by the script, but named so that every key it is given is one of Tollgate's.
				keys[n] = this.prefix + "quota:" + id;
			}
			keys[n + 1] = dayKey(id, today);
			args[4] = Long.toString(this.retention.toMillis());
		}
		// Delivered off Lettuce's event loop, which every Redis user of the replica shares: the rest of the request's
		// pipeline (mapping templates, the integration call) must not run there.
		return this.<List<Object>>run(this.acquire, keys, args)
			.publishOn(Schedulers.parallel())
			.map((result) -> switch (code(result)) {
				case 0 -> LimitDecision.ADMITTED;
				case 1 -> LimitDecision.throttled(throttles.get(((Number) result.get(1)).intValue() - 1));
				default -> LimitDecision.QUOTA_EXCEEDED;
			});
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
					Long.toString(quotaExpiry(window).toMillis()), Long.toString(this.retention.toMillis()) };
			return this.<Long>run(this.updateRemaining, ScriptOutputType.INTEGER, keys, args);
		}).then();
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

	private String quotaKey(String id, QuotaWindow window) {
		return this.prefix + "quota:" + id + ":" + window.start();
	}

	private String dayKey(String id, LocalDate day) {
		return this.prefix + "usage:" + id + ":" + day;
	}

	/** Until a day after the period ends, so that a replica whose clock is a little late still finds it. */
	private Duration quotaExpiry(QuotaWindow window) {
		long millis = window.end().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
				- this.clock.millis();
		return Duration.ofMillis(Math.max(millis, 1000));
	}

	private LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	private static int code(List<Object> result) {
		return ((Number) result.get(0)).intValue();
	}

	private <T> Mono<T> run(RedisScript script, String[] keys, String[] args) {
		return run(script, ScriptOutputType.MULTI, keys, args);
	}

	private <T> Mono<T> run(RedisScript script, ScriptOutputType type, String[] keys, String[] args) {
		return script.run(this.commands, type, keys, args);
	}

}
