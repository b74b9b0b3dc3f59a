package io.tollgate.usage;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiKeySource;
import io.tollgate.store.ApiStore;
import io.tollgate.test.TestRedisDeployment;
import io.tollgate.test.TestReplicas;
import io.tollgate.usage.UsageLimiter.LimitDecision;
import io.tollgate.usage.UsageLimiter.LimitRequest;
import io.tollgate.usage.UsageLimiter.QuotaCount;
import io.tollgate.usage.UsageLimiter.Throttle;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static io.tollgate.usage.TestUsagePlans.NO_REFILL;
import static io.tollgate.usage.TestUsagePlans.keyInPlan;
import static io.tollgate.usage.TestUsagePlans.keyedApi;
import static io.tollgate.usage.TestUsagePlans.plan;
import static io.tollgate.usage.TestUsagePlans.throttling;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttles and quotas shared through a real Redis, one server or a cluster, by two gateway replicas: exact quotas
 * under 4x oversubscription, throttles within burst + rate x elapsed, one Redis round trip per request of a key,
 * requests that arrive while a script is in flight decided together by one script, and usage kept per day.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisUsageLimiterContractTests {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** The replicas' {@code tollgate.redis.key-prefix}. */
	static final String KEY_PREFIX = "usage-test:";

	/** What the limiter's scripts call inside Redis. */
	static final Set<String> SCRIPT_COMMANDS = Set.of("time", "get", "set", "hmget", "hget", "incr", "decr", "pexpire",
			"pexpireat", "hset", "hincrby", "incrby");

	final TestRedisDeployment redis;

	final TestReplicas replicas;

	ConfigurableApplicationContext replicaA;

	ConfigurableApplicationContext replicaB;

	WebClient clientA;

	WebClient clientB;

	RedisUsageLimiterContractTests(TestRedisDeployment redis) {
		this.redis = redis;
		// A long WebSocket lease: its heartbeat (a SET every third of it) would count among the limiter's round trips.
		// A generous limiter timeout: on a loaded machine a script may take longer than the default 500 ms, and a
		// request refused for it would make a count off by one; the tests of the timeout have a replica of their own.
		this.replicas = new TestReplicas(redis, KEY_PREFIX, "--tollgate.admin.port=-1", "--tollgate.default-api=",
				"--tollgate.websocket.replica-lease=1h", "--tollgate.usage.redis-timeout=10s")
			.withSources(TestClock.Configuration.class);
	}

	@BeforeAll
	void startReplicas() {
		this.replicaA = this.replicas.start();
		this.replicaB = this.replicas.start();
		this.clientA = TestReplicas.client(this.replicaA);
		this.clientB = TestReplicas.client(this.replicaB);
	}

	@AfterAll
	void closeReplicas() {
		this.replicas.close();
	}

	@Test
	void quotaAdmitsExactlyItsLimitAcrossTwoReplicasUnderFourTimesTheRequests() {
		String apiId = "exact" + System.nanoTime();
		serve(keyedApi(apiId));
		int limit = 60;
		ApiKey key = admitted(apiId, plan(apiId, null, new QuotaSettings(limit, 0, QuotaPeriod.DAY), Map.of()));
		List<Integer> statuses = concurrently(4 * limit, apiId, "/a", key.value());
		assertThat(statuses.stream().filter((status) -> status == 200)).hasSize(limit);
		assertThat(statuses.stream().filter((status) -> status == 429)).hasSize(3 * limit);
	}

	@Test
	void throttleAdmitsAtMostBurstPlusRateTimesElapsedAcrossTwoReplicas() {
		String apiId = "throttle" + System.nanoTime();
		int burst = 5;
		double rate = 20;
		serve(keyedApi(apiId, ApiKeySource.HEADER, Map.of("*/*", throttling(burst, rate))));
		long started = System.nanoTime();
		List<Integer> statuses = concurrently(200, apiId, "/open", null);
		double elapsed = (System.nanoTime() - started) / 1e9;
		long admitted = statuses.stream().filter((status) -> status == 200).count();
		assertThat(admitted).isGreaterThanOrEqualTo(burst).isLessThanOrEqualTo((long) (burst + rate * elapsed));
		assertThat(statuses).allMatch((status) -> status == 200 || status == 429);
	}

	@Test
	void throttleWithoutRefillAdmitsExactlyItsBurstAcrossTwoReplicasAndOnlyAdmittedRequestsAreCounted() {
		String apiId = "burst" + System.nanoTime();
		serve(keyedApi(apiId));
		int burst = 7;
		UsagePlan plan = plan(apiId, new ThrottleSettings(burst, NO_REFILL),
				new QuotaSettings(1000, 0, QuotaPeriod.DAY), Map.of());
		ApiKey key = admitted(apiId, plan);
		List<Integer> statuses = concurrently(4 * burst, apiId, "/a", key.value());
		assertThat(statuses.stream().filter((status) -> status == 200)).hasSize(burst);
		assertThat(statuses.stream().filter((status) -> status == 429)).hasSize(3 * burst);
		LocalDate today = this.replicaB.getBean(TestClock.class).today();
		assertThat(day(this.replicaB.getBean(UsageLimiter.class), plan, key, today))
			.isEqualTo(new UsageLimiter.UsageDay(burst, 1000L - burst));
	}

	@Test
	void aThrottleWithABurstOfZeroRefusesEveryRequest() {
		String apiId = "zero" + System.nanoTime();
		serve(keyedApi(apiId));
		ApiKey key = admitted(apiId,
				plan(apiId, new ThrottleSettings(0, 100), new QuotaSettings(1000, 0, QuotaPeriod.DAY), Map.of()));
		assertThat(concurrently(6, apiId, "/a", key.value())).containsOnly(429);
	}

	@Test
	void everyRequestWithAKeyItsThrottlesAndAQuotaIsOneRedisRoundTrip() {
		String apiId = "keyroundtrips" + System.nanoTime();
		serve(keyedApi(apiId));
		ApiKey key = admitted(apiId, plan(apiId, new ThrottleSettings(1000, 1000),
				new QuotaSettings(1000, 0, QuotaPeriod.DAY), Map.of("/b/GET", new ThrottleSettings(1000, 1000))));
		get(this.clientA, apiId, "/a", key.value()).block();
		awaitQuiet();
		int requests = 20;
		Map<String, Long> roundTrips = roundTrips(() -> {
			for (int i = 0; i < requests; i++) {
				assertThat(get((i % 2 == 0) ? this.clientA : this.clientB, apiId, (i % 4 < 2) ? "/a" : "/b",
						key.value()).block())
					.isEqualTo(200);
			}
		});
		assertThat(roundTrips).isEqualTo(Map.of("evalsha", (long) requests));
	}

	@Test
	void aRequestWithoutThrottlesOrQuotaIsAdmittedWithoutAskingRedis() {
		LimitRequest nothing = new LimitRequest(List.of(), null);
		Map<String, Long> roundTrips = roundTrips(() -> assertThat(
				Flux.fromIterable(limiters()).flatMap((limiter) -> limiter.acquire(nothing)).collectList().block(TIMEOUT))
			.containsExactly(LimitDecision.ADMITTED, LimitDecision.ADMITTED));
		assertThat(roundTrips).isEmpty();
	}

	@Test
	void usageIsKeptPerDayInRedisAndQuotaPeriodsRollOverWithTheClock() {
		String apiId = "days" + System.nanoTime();
		serve(keyedApi(apiId));
		QuotaSettings quota = new QuotaSettings(2, 0, QuotaPeriod.DAY);
		UsagePlan plan = plan(apiId, null, quota, Map.of());
		ApiKey key = admitted(apiId, plan);
		assertThat(get(this.clientA, apiId, "/a", key.value()).block()).isEqualTo(200);
		assertThat(get(this.clientB, apiId, "/a", key.value()).block()).isEqualTo(200);
		assertThat(get(this.clientA, apiId, "/a", key.value()).block()).isEqualTo(429);
		UsageLimiter limiter = this.replicaB.getBean(UsageLimiter.class);
		LocalDate today = this.replicaB.getBean(TestClock.class).today();
		assertThat(day(limiter, plan, key, today)).isEqualTo(new UsageLimiter.UsageDay(2, 0L));

		limiter.updateRemaining(plan.id(), key.id(), quota, 1).block();
		assertThat(day(limiter, plan, key, today)).isEqualTo(new UsageLimiter.UsageDay(2, 1L));
		assertThat(get(this.clientA, apiId, "/a", key.value()).block()).isEqualTo(200);
		assertThat(get(this.clientB, apiId, "/a", key.value()).block()).isEqualTo(429);

		replicaA.getBean(TestClock.class).advance(Duration.ofDays(1));
		replicaB.getBean(TestClock.class).advance(Duration.ofDays(1));
		assertThat(get(this.clientA, apiId, "/a", key.value()).block()).isEqualTo(200);
		assertThat(day(limiter, plan, key, today.plusDays(1))).isEqualTo(new UsageLimiter.UsageDay(1, 1L));
		assertThat(limiter.usage(plan.id(), List.of(key.id()), today, today.plusDays(1)).block().get(key.id()))
			.containsOnlyKeys(today, today.plusDays(1));
	}

	@Test
	void requestsArrivingWhileAScriptIsInFlightGoAsOneScriptAndAdmitExactlyTheQuotaAcrossTwoReplicas() {
		String keyId = "batchquota" + System.nanoTime();
		QuotaCount quota = new QuotaCount("plan" + keyId, keyId, new QuotaSettings(25, 0, QuotaPeriod.DAY));
		LimitRequest request = new LimitRequest(List.of(), quota);
		List<UsageLimiter> limiters = limiters();
		List<List<LimitDecision>> decisions = new ArrayList<>();
		Map<String, Long> commands = commandsRun(() -> decisions.add(whileRedisPauses(
				Flux.range(0, 40).flatMap((i) -> limiters.get(i % 2).acquire(request), 40).collectList())));
		// Per replica, the first request alone (held by the pause), then the 19 that arrived meanwhile together; each
		// script counts the day's usage of all the requests it admitted at once.
		assertThat(commands).containsEntry("evalsha", 4L).containsEntry("hincrby", 4L).doesNotContainKey("eval");
		assertThat(decisions.get(0)).filteredOn(LimitDecision.ADMITTED::equals).hasSize(25);
		assertThat(decisions.get(0)).filteredOn(LimitDecision.QUOTA_EXCEEDED::equals).hasSize(15);
		assertThat(usedToday(limiters.get(0), quota)).isEqualTo(new UsageLimiter.UsageDay(25, 0L));
	}

	@Test
	void aThrottlesBurstIsExactWhenItsRequestsAreDecidedTogether() {
		String keyId = "batchburst" + System.nanoTime();
		QuotaCount quota = new QuotaCount("plan" + keyId, keyId, new QuotaSettings(1000, 0, QuotaPeriod.DAY));
		Throttle throttle = new Throttle("key", "key:" + quota.planId() + ":" + keyId, new ThrottleSettings(7, NO_REFILL));
		LimitRequest request = new LimitRequest(List.of(throttle), quota);
		List<UsageLimiter> limiters = limiters();
		List<LimitDecision> decisions = whileRedisPauses(
				Flux.range(0, 30).flatMap((i) -> limiters.get(i % 2).acquire(request), 30).collectList());
		assertThat(decisions).filteredOn(LimitDecision.ADMITTED::equals).hasSize(7);
		assertThat(decisions).filteredOn(LimitDecision.throttled(throttle)::equals).hasSize(23);
		assertThat(usedToday(limiters.get(0), quota)).isEqualTo(new UsageLimiter.UsageDay(7, 993L));
	}

	@Test
	void aRefusalInABatchRefusesOnlyTheRequestsItConcerns() {
		String id = "batchmixed" + System.nanoTime();
		QuotaCount small = new QuotaCount("plan" + id, "small" + id, new QuotaSettings(2, 0, QuotaPeriod.DAY));
		QuotaCount large = new QuotaCount("plan" + id, "large" + id, new QuotaSettings(100, 0, QuotaPeriod.DAY));
		QuotaCount throttled = new QuotaCount("plan" + id, "throttled" + id, new QuotaSettings(100, 0, QuotaPeriod.DAY));
		Throttle throttle = new Throttle("key", "key:plan" + id + ":throttled" + id, new ThrottleSettings(3, NO_REFILL));
		List<LimitRequest> requests = List.of(new LimitRequest(List.of(), small), new LimitRequest(List.of(), large),
				new LimitRequest(List.of(throttle), throttled));
		UsageLimiter limiter = limiters().get(0);
		List<LimitDecision> decisions = whileRedisPauses(
				Flux.range(0, 30).flatMapSequential((i) -> limiter.acquire(requests.get(i % 3)), 30).collectList());
		Map<Integer, List<LimitDecision>> byRequest = new TreeMap<>();
		for (int i = 0; i < decisions.size(); i++) {
			byRequest.computeIfAbsent(i % 3, (request) -> new ArrayList<>()).add(decisions.get(i));
		}
		assertThat(byRequest.get(0)).containsExactly(LimitDecision.ADMITTED, LimitDecision.ADMITTED,
				LimitDecision.QUOTA_EXCEEDED, LimitDecision.QUOTA_EXCEEDED, LimitDecision.QUOTA_EXCEEDED,
				LimitDecision.QUOTA_EXCEEDED, LimitDecision.QUOTA_EXCEEDED, LimitDecision.QUOTA_EXCEEDED,
				LimitDecision.QUOTA_EXCEEDED, LimitDecision.QUOTA_EXCEEDED);
		assertThat(byRequest.get(1)).containsOnly(LimitDecision.ADMITTED).hasSize(10);
		assertThat(byRequest.get(2)).filteredOn(LimitDecision.ADMITTED::equals).hasSize(3);
		assertThat(byRequest.get(2)).filteredOn(LimitDecision.throttled(throttle)::equals).hasSize(7);
		assertThat(usedToday(limiter, small)).isEqualTo(new UsageLimiter.UsageDay(2, 0L));
		assertThat(usedToday(limiter, large)).isEqualTo(new UsageLimiter.UsageDay(10, 90L));
		assertThat(usedToday(limiter, throttled)).isEqualTo(new UsageLimiter.UsageDay(3, 97L));
	}

	/** The two replicas' limiters. */
	List<UsageLimiter> limiters() {
		return List.of(this.replicaA.getBean(UsageLimiter.class), this.replicaB.getBean(UsageLimiter.class));
	}

	UsageLimiter.UsageDay usedToday(UsageLimiter limiter, QuotaCount count) {
		LocalDate today = this.replicaA.getBean(TestClock.class).today();
		return limiter.usage(count.planId(), List.of(count.keyId()), today, today).block().get(count.keyId()).get(today);
	}

	/**
	 * Runs {@code calls} while every Redis node holds its clients' commands for a moment, so that each limiter's
	 * first script waits in Redis and the calls after it arrive while it is in flight.
	 */
	<T> T whileRedisPauses(Mono<T> calls) {
		List<RedisClient> clients = this.redis.nodeUrls().stream().map(RedisClient::create).toList();
		try {
			List<StatefulRedisConnection<String, String>> nodes = clients.stream().map(RedisClient::connect).toList();
			nodes.forEach((node) -> node.sync().clientPause(700));
			return calls.block(TIMEOUT);
		}
		finally {
			clients.forEach(RedisClient::shutdown);
		}
	}

	static UsageLimiter.UsageDay day(UsageLimiter limiter, UsagePlan plan, ApiKey key, LocalDate day) {
		return limiter.usage(plan.id(), List.of(key.id()), day, day).block().get(key.id()).get(day);
	}

	/**
	 * The commands Redis was sent while {@code requests} ran, summed over every node: {@code commandstats} also
	 * counts what scripts run inside Redis, which are left out; every other command is a round trip.
	 */
	Map<String, Long> roundTrips(Runnable requests) {
		Map<String, Long> delta = commandsRun(requests);
		delta.keySet().removeAll(SCRIPT_COMMANDS);
		// The INFO of the first count, and on a cluster the topology reads and pings Lettuce sends now and then.
		delta.keySet().removeAll(Set.of("info", "cluster|nodes", "cluster|info", "client|setinfo", "ping", "hello"));
		delta.values().removeIf((calls) -> calls == 0);
		return delta;
	}

	/**
	 * Until Redis hears nothing from the replicas for a moment: each replica reloads a key's plans on each change
	 * notice of its creation, and a reload still running would be counted with the requests that follow.
	 */
	void awaitQuiet() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> roundTrips(() -> sleep(Duration.ofMillis(100))).isEmpty());
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Every command Redis ran while {@code requests} ran, those of scripts included, summed over every node. */
	Map<String, Long> commandsRun(Runnable requests) {
		Map<String, Long> before = commandCalls();
		requests.run();
		Map<String, Long> after = commandCalls();
		Map<String, Long> delta = new TreeMap<>();
		after.forEach((name, calls) -> delta.put(name, calls - before.getOrDefault(name, 0L)));
		return delta;
	}

	private Map<String, Long> commandCalls() {
		Map<String, Long> calls = new TreeMap<>();
		for (String node : this.redis.nodeUrls()) {
			RedisClient client = RedisClient.create(node);
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				commandCalls(connection.sync().info("commandstats")).forEach((name, count) -> calls.merge(name, count,
						Long::sum));
			}
			finally {
				client.shutdown();
			}
		}
		return calls;
	}

	/** Sends the requests, half to each replica, 32 at a time; their statuses. */
	List<Integer> concurrently(int requests, String apiId, String path, String key) {
		return Flux.range(0, requests)
			.flatMap((i) -> get((i % 2 == 0) ? this.clientA : this.clientB, apiId, path, key), 32)
			.collectList()
			.block(Duration.ofSeconds(60));
	}

	static Mono<Integer> get(WebClient client, String apiId, String path, String key) {
		return client.get()
			.uri("/restapis/" + apiId + "/prod/_user_request_" + path)
			.headers((headers) -> {
				if (key != null) {
					headers.set("x-api-key", key);
				}
			})
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

	void serve(ApiDefinition api) {
		replicaA.getBean(ApiStore.class).save(api.withVersion(1), ApiStore.ABSENT).block();
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> served(this.clientA, api) && served(this.clientB, api));
	}

	static boolean served(WebClient client, ApiDefinition api) {
		// A keyed method without a key answers Forbidden once routed (Missing Authentication Token before).
		return client.get()
			.uri("/restapis/" + api.id() + "/prod/_user_request_/a")
			.exchangeToMono((response) -> response.bodyToMono(String.class))
			.block()
			.contains("\"Forbidden\"");
	}

	ApiKey admitted(String apiId, UsagePlan plan) {
		ApiKey key = keyInPlan(this.replicaA.getBean(UsageStore.class), plan);
		for (ConfigurableApplicationContext replica : List.of(this.replicaA, replicaB)) {
			ApiKeyIndex index = replica.getBean(ApiKeyIndex.class);
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> index.admit(key.value(), apiId, "prod") != null);
		}
		return key;
	}

	/** {@code cmdstat_evalsha:calls=3,usec=...} lines as command name to calls. */
	static Map<String, Long> commandCalls(String info) {
		Map<String, Long> calls = new HashMap<>();
		for (String line : info.split("\r?\n")) {
			if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				String value = line.substring(line.indexOf("calls=") + 6);
				calls.put(name, Long.parseLong(value.substring(0, value.indexOf(','))));
			}
		}
		return calls;
	}

}
