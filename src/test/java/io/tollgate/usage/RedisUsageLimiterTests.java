package io.tollgate.usage;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiKeySource;
import io.tollgate.store.ApiStore;
import io.tollgate.test.TestRedis;
import io.tollgate.test.TestReplicas;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static io.tollgate.usage.TestUsagePlans.NO_REFILL;
import static io.tollgate.usage.TestUsagePlans.keyInPlan;
import static io.tollgate.usage.TestUsagePlans.keyedApi;
import static io.tollgate.usage.TestUsagePlans.plan;
import static io.tollgate.usage.TestUsagePlans.throttling;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttles and quotas shared through a real Redis by two gateway replicas: exact quotas under 4x oversubscription,
 * throttles within burst + rate x elapsed, one Redis round trip per request, and the failure modes while Redis is
 * stopped, with recovery when it is back.
 */
class RedisUsageLimiterTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	/** What the limiter's script calls inside Redis. */
	static final Set<String> SCRIPT_COMMANDS = Set.of("time", "hmget", "get", "incr", "pexpire",
			"hset", "hincrby");

	@RegisterExtension
	static final TestReplicas replicas = new TestReplicas(redis, "usage-test:", "--tollgate.admin.port=-1",
			"--tollgate.default-api=")
		.withSources(TestClock.Configuration.class);

	static ConfigurableApplicationContext replicaA;

	static ConfigurableApplicationContext replicaB;

	static WebClient clientA;

	static WebClient clientB;

	@BeforeAll
	static void startReplicas() {
		replicaA = replicas.start();
		replicaB = replicas.start();
		clientA = TestReplicas.client(replicaA);
		clientB = TestReplicas.client(replicaB);
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
	void everyRequestWithAKeyAStageThrottleAndAQuotaIsOneRedisRoundTrip() {
		String apiId = "roundtrips" + System.nanoTime();
		serve(keyedApi(apiId, ApiKeySource.HEADER, Map.of("*/*", throttling(1000, 1000))));
		ApiKey key = admitted(apiId, plan(apiId, new ThrottleSettings(1000, 1000),
				new QuotaSettings(1000, 0, QuotaPeriod.DAY), Map.of("/b/GET", new ThrottleSettings(1000, 1000))));
		get(clientA, apiId, "/a", key.value()).block();
		int requests = 20;
		try (RedisClient client = RedisClient.create(redis.url());
				StatefulRedisConnection<String, String> connection = client.connect()) {
			Map<String, Long> before = commandCalls(connection.sync().info("commandstats"));
			for (int i = 0; i < requests; i++) {
				assertThat(get((i % 2 == 0) ? clientA : clientB, apiId, (i % 4 < 2) ? "/a" : "/b", key.value()).block())
					.isEqualTo(200);
			}
			Map<String, Long> after = commandCalls(connection.sync().info("commandstats"));
			Map<String, Long> delta = new TreeMap<>();
			after.forEach((name, calls) -> delta.put(name, calls - before.getOrDefault(name, 0L)));
			// commandstats also counts what scripts run inside Redis; every other command would be a round trip.
			Map<String, Long> roundTrips = new TreeMap<>(delta);
			roundTrips.keySet().removeAll(SCRIPT_COMMANDS);
			roundTrips.values().removeIf((calls) -> calls == 0);
			assertThat(roundTrips).as("commands during the requests: %s", delta)
				.isEqualTo(Map.of("evalsha", (long) requests, "info", 1L));
		}
	}

	@Test
	void usageIsKeptPerDayInRedisAndQuotaPeriodsRollOverWithTheClock() {
		String apiId = "days" + System.nanoTime();
		serve(keyedApi(apiId));
		QuotaSettings quota = new QuotaSettings(2, 0, QuotaPeriod.DAY);
		UsagePlan plan = plan(apiId, null, quota, Map.of());
		ApiKey key = admitted(apiId, plan);
		assertThat(get(clientA, apiId, "/a", key.value()).block()).isEqualTo(200);
		assertThat(get(clientB, apiId, "/a", key.value()).block()).isEqualTo(200);
		assertThat(get(clientA, apiId, "/a", key.value()).block()).isEqualTo(429);
		UsageLimiter limiter = replicaB.getBean(UsageLimiter.class);
		LocalDate today = replicaB.getBean(TestClock.class).today();
		assertThat(day(limiter, plan, key, today)).isEqualTo(new UsageLimiter.UsageDay(2, 0L));

		limiter.updateRemaining(plan.id(), key.id(), quota, 1).block();
		assertThat(day(limiter, plan, key, today)).isEqualTo(new UsageLimiter.UsageDay(2, 1L));
		assertThat(get(clientA, apiId, "/a", key.value()).block()).isEqualTo(200);
		assertThat(get(clientB, apiId, "/a", key.value()).block()).isEqualTo(429);

		replicaA.getBean(TestClock.class).advance(Duration.ofDays(1));
		replicaB.getBean(TestClock.class).advance(Duration.ofDays(1));
		assertThat(get(clientA, apiId, "/a", key.value()).block()).isEqualTo(200);
		assertThat(day(limiter, plan, key, today.plusDays(1))).isEqualTo(new UsageLimiter.UsageDay(1, 1L));
		assertThat(limiter.usage(plan.id(), List.of(key.id()), today, today.plusDays(1)).block().get(key.id()))
			.containsOnlyKeys(today, today.plusDays(1));
	}

	private static UsageLimiter.UsageDay day(UsageLimiter limiter, UsagePlan plan, ApiKey key, LocalDate day) {
		return limiter.usage(plan.id(), List.of(key.id()), day, day).block().get(key.id()).get(day);
	}

	@Test
	void whileRedisHangsARequestWaitsAtMostTheRedisTimeoutBeforeItsFailureMode() {
		String apiId = "hang" + System.nanoTime();
		serve(keyedApi(apiId, ApiKeySource.HEADER, Map.of("*/*", throttling(1000, 1000))));
		ApiKey key = admitted(apiId, plan(apiId, null, new QuotaSettings(1000, 0, QuotaPeriod.DAY), Map.of()));
		try (RedisClient client = RedisClient.create(redis.url());
				StatefulRedisConnection<String, String> connection = client.connect()) {
			// Redis stops answering every client for 3 s, as a stalled server would.
			connection.sync().clientPause(3000);
			long started = System.nanoTime();
			assertThat(get(clientA, apiId, "/open", null).block()).isEqualTo(200);
			assertThat(get(clientB, apiId, "/a", key.value()).block()).isEqualTo(503);
			// Two requests, each bounded by tollgate.usage.redis-timeout (500 ms).
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> get(clientA, apiId, "/a", key.value()).block() == 200);
	}

	@Test
	void whileRedisIsDownThrottlesFailOpenAndQuotasFailClosedThenRecoverWithoutRestart() {
		String apiId = "failure" + System.nanoTime();
		ApiDefinition api = keyedApi(apiId, ApiKeySource.HEADER, Map.of("*/*", throttling(1000, 1000)));
		serve(api);
		UsagePlan plan = plan(apiId, null, new QuotaSettings(1000, 0, QuotaPeriod.DAY), Map.of());
		ApiKey key = admitted(apiId, plan);
		assertThat(get(clientA, apiId, "/a", key.value()).block()).isEqualTo(200);
		redis.stop();
		try {
			long started = System.nanoTime();
			assertThat(get(clientA, apiId, "/open", null).block()).isEqualTo(200);
			ResponseEntity<String> refused = clientA.get()
				.uri("/restapis/" + apiId + "/prod/_user_request_/a")
				.header("x-api-key", key.value())
				.exchangeToMono((response) -> response.toEntity(String.class))
				.block();
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(503));
			assertThat(refused.getHeaders().getFirst("x-amzn-ErrorType")).isEqualTo("ServiceUnavailableException");
			assertThat(refused.getBody()).isEqualTo("{\"message\":\"Service Unavailable\"}");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			double failures = replicaA.getBean(MeterRegistry.class)
				.counter(MeterNames.REDIS_FAILURES, "use", "quota", "outcome", "fail-closed")
				.count();
			assertThat(failures).isGreaterThanOrEqualTo(1);
		}
		finally {
			redis.start();
		}
		// Redis came back empty (nothing is persisted): store the API, the plan and the key again.
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.ignoreExceptions()
			.until(() -> replicaA.getBean(ApiStore.class).save(api.withVersion(1), ApiStore.ABSENT).block() != null);
		UsageStore store = replicaA.getBean(UsageStore.class);
		store.createApiKey(key).block();
		store.createUsagePlan(plan).block();
		store.createUsagePlanKey(plan.id(), key.id()).block();
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get(clientA, apiId, "/a", key.value()).block() == 200);
		assertThat(get(clientB, apiId, "/a", key.value()).block()).isEqualTo(200);
	}

	/** Sends the requests, half to each replica, 32 at a time; their statuses. */
	private static List<Integer> concurrently(int requests, String apiId, String path, String key) {
		return Flux.range(0, requests)
			.flatMap((i) -> get((i % 2 == 0) ? clientA : clientB, apiId, path, key), 32)
			.collectList()
			.block(Duration.ofSeconds(60));
	}

	private static Mono<Integer> get(WebClient client, String apiId, String path, String key) {
		return client.get()
			.uri("/restapis/" + apiId + "/prod/_user_request_" + path)
			.headers((headers) -> {
				if (key != null) {
					headers.set("x-api-key", key);
				}
			})
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

	private static void serve(ApiDefinition api) {
		replicaA.getBean(ApiStore.class).save(api.withVersion(1), ApiStore.ABSENT).block();
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> served(clientA, api) && served(clientB, api));
	}

	private static boolean served(WebClient client, ApiDefinition api) {
		// A keyed method without a key answers Forbidden once routed (Missing Authentication Token before).
		return client.get()
			.uri("/restapis/" + api.id() + "/prod/_user_request_/a")
			.exchangeToMono((response) -> response.bodyToMono(String.class))
			.block()
			.contains("\"Forbidden\"");
	}

	private static ApiKey admitted(String apiId, UsagePlan plan) {
		ApiKey key = keyInPlan(replicaA.getBean(UsageStore.class), plan);
		for (ConfigurableApplicationContext replica : List.of(replicaA, replicaB)) {
			ApiKeyIndex index = replica.getBean(ApiKeyIndex.class);
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> index.admit(key.value(), apiId, "prod") != null);
		}
		return key;
	}

	/** {@code cmdstat_evalsha:calls=3,usec=...} lines as command name to calls. */
	private static Map<String, Long> commandCalls(String info) {
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
