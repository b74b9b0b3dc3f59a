package io.tollgate.usage;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiKeySource;
import io.tollgate.store.ApiStore;
import io.tollgate.test.TestRedis;
import io.tollgate.test.TestReplicas;
import io.tollgate.usage.UsageLimiter.LimitDecision;
import io.tollgate.usage.UsageLimiter.LimitRequest;
import io.tollgate.usage.UsageLimiter.QuotaCount;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static io.tollgate.usage.TestUsagePlans.keyedApi;
import static io.tollgate.usage.TestUsagePlans.plan;
import static io.tollgate.usage.TestUsagePlans.throttling;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttles and quotas shared through one real Redis server by two gateway replicas: what any Redis does, a keyed
 * request with a stage throttle in one round trip too, and, on a third replica with the default limiter timeout, the
 * failure modes while Redis hangs or is stopped, with recovery when it is back.
 */
class RedisUsageLimiterTests extends RedisUsageLimiterContractTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	RedisUsageLimiterTests() {
		super(redis);
	}

	@Test
	void everyRequestWithAKeyAStageThrottleAndAQuotaIsOneRedisRoundTrip() {
		String apiId = "roundtrips" + System.nanoTime();
		serve(keyedApi(apiId, ApiKeySource.HEADER, Map.of("*/*", throttling(1000, 1000))));
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
	void aQuotaCounterExpiresADayAfterItsPeriodAndABucketOnceFullAgain() {
		String apiId = "expiries" + System.nanoTime();
		serve(keyedApi(apiId));
		UsagePlan plan = plan(apiId, new ThrottleSettings(100, 10), new QuotaSettings(1000, 0, QuotaPeriod.WEEK),
				Map.of());
		ApiKey key = admitted(apiId, plan);
		assertThat(get(this.clientA, apiId, "/a", key.value()).block()).isEqualTo(200);
		TestClock clock = this.replicaA.getBean(TestClock.class);
		QuotaWindow week = QuotaWindow.of(plan.quota(), clock.today());
		long expiresAt = week.end().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
		String id = plan.id() + ":" + key.id();
		try (RedisClient client = RedisClient.create(redis.url());
				StatefulRedisConnection<String, String> connection = client.connect()) {
			// An instant of the replica's clock (which other tests move on), and Redis's own time to live (its clock
			// and this one's read a moment apart).
			long now = System.currentTimeMillis();
			long quotaTtl = connection.sync().pttl("usage-test:quota:" + id + ":" + week.start());
			assertThat(quotaTtl).isBetween(expiresAt - now - 60_000, expiresAt - now + 1000);
			// One token of a burst of 100 at 10 per second: full again in 0.1 s, kept a second more.
			assertThat(connection.sync().pttl("usage-test:bucket:key:" + id)).isBetween(0L, 1100L);
		}
	}

	/**
	 * Redis failing, seen by a replica of its own with the limiter's default 500 ms timeout, which these tests are
	 * about (the others run with a generous one, so that a slow machine cannot refuse a request of an exact count).
	 */
	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class WhileRedisFails {

		private final TestReplicas shortTimeout = new TestReplicas(redis, KEY_PREFIX, "--tollgate.admin.port=-1",
				"--tollgate.default-api=", "--tollgate.websocket.replica-lease=1h", "--tollgate.usage.redis-timeout=500ms");

		private ConfigurableApplicationContext replica;

		private WebClient client;

		@BeforeAll
		void startReplica() {
			this.replica = this.shortTimeout.start();
			this.client = TestReplicas.client(this.replica);
		}

		@AfterAll
		void closeReplica() {
			this.shortTimeout.close();
		}

		/** Serves the API on every replica, this one included. */
		void serveEverywhere(ApiDefinition api) {
			serve(api);
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> served(this.client, api));
		}

		/** A key in the plan, admitted by every replica, this one included. */
		ApiKey admittedEverywhere(String apiId, UsagePlan plan) {
			ApiKey key = admitted(apiId, plan);
			ApiKeyIndex index = this.replica.getBean(ApiKeyIndex.class);
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> index.admit(key.value(), apiId, "prod") != null);
			return key;
		}

		/** A keyed API served by every replica, its stage throttled, and a key whose plan has a daily quota. */
		private ApiKey keyedWithDailyQuota(String apiId) {
			serveEverywhere(keyedApi(apiId, ApiKeySource.HEADER, Map.of("*/*", throttling(1000, 1000))));
			return admittedEverywhere(apiId, plan(apiId, null, new QuotaSettings(1000, 0, QuotaPeriod.DAY), Map.of()));
		}

		/** Until Redis answers again and the key's requests are admitted. */
		private void awaitAdmitted(String apiId, ApiKey key) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> get(this.client, apiId, "/a", key.value()).block() == 200);
		}

		@Test
		void whileRedisHangsARequestWaitsAtMostTheRedisTimeoutBeforeItsFailureMode() {
			String apiId = "hang" + System.nanoTime();
			ApiKey key = keyedWithDailyQuota(apiId);
			try (RedisClient pausing = RedisClient.create(redis.url());
					StatefulRedisConnection<String, String> connection = pausing.connect()) {
				// Redis stops answering every client for 3 s, as a stalled server would.
				connection.sync().clientPause(3000);
				long started = System.nanoTime();
				assertThat(get(this.client, apiId, "/open", null).block()).isEqualTo(200);
				assertThat(get(this.client, apiId, "/a", key.value()).block()).isEqualTo(503);
				// Two requests, each bounded by tollgate.usage.redis-timeout (500 ms).
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
			}
			awaitAdmitted(apiId, key);
		}

		@Test
		void whileRedisHangsEveryRequestWaitingForAScriptInFlightGetsItsOwnFailureModeWithinTheRedisTimeout() {
			String apiId = "hangbatch" + System.nanoTime();
			ApiKey key = keyedWithDailyQuota(apiId);
			try (RedisClient pausing = RedisClient.create(redis.url());
					StatefulRedisConnection<String, String> connection = pausing.connect()) {
				connection.sync().clientPause(3000);
				long started = System.nanoTime();
				// Keyed and open requests at once: all but the first wait for a script in flight.
				List<Integer> statuses = Flux.range(0, 16)
					.flatMap((i) -> (i % 2 == 0) ? get(this.client, apiId, "/a", key.value())
							: get(this.client, apiId, "/open", null), 16)
					.collectList()
					.block(Duration.ofSeconds(5));
				Map<Integer, Long> byStatus = statuses.stream()
					.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
				// The quota fails closed, the stage throttle open, each request bounded by its own 500 ms.
				assertThat(byStatus).isEqualTo(Map.of(503, 8L, 200, 8L));
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2000));
			}
			awaitAdmitted(apiId, key);
		}

		@Test
		void whileRedisIsDownThrottlesFailOpenAndQuotasFailClosedThenRecoverWithoutRestart() {
			String apiId = "failure" + System.nanoTime();
			ApiDefinition api = keyedApi(apiId, ApiKeySource.HEADER, Map.of("*/*", throttling(1000, 1000)));
			serveEverywhere(api);
			UsagePlan plan = plan(apiId, null, new QuotaSettings(1000, 0, QuotaPeriod.DAY), Map.of());
			ApiKey key = admittedEverywhere(apiId, plan);
			assertThat(get(this.client, apiId, "/a", key.value()).block()).isEqualTo(200);
			redis.stop();
			try {
				long started = System.nanoTime();
				assertThat(get(this.client, apiId, "/open", null).block()).isEqualTo(200);
				ResponseEntity<String> refused = this.client.get()
					.uri("/restapis/" + apiId + "/prod/_user_request_/a")
					.header("x-api-key", key.value())
					.exchangeToMono((response) -> response.toEntity(String.class))
					.block();
				assertThat(refused.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(503));
				assertThat(refused.getHeaders().getFirst("x-amzn-ErrorType")).isEqualTo("ServiceUnavailableException");
				assertThat(refused.getBody()).isEqualTo("{\"message\":\"Service Unavailable\"}");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
				double failures = this.replica.getBean(MeterRegistry.class)
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
				.until(() -> this.replica.getBean(ApiStore.class).save(api.withVersion(1), ApiStore.ABSENT).block()
						!= null);
			UsageStore store = this.replica.getBean(UsageStore.class);
			store.createApiKey(key).block();
			store.createUsagePlan(plan).block();
			store.createUsagePlanKey(plan.id(), key.id()).block();
			for (WebClient recovering : List.of(this.client, clientA)) {
				Awaitility.await()
					.atMost(Duration.ofSeconds(15))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> get(recovering, apiId, "/a", key.value()).block() == 200);
			}
			assertThat(get(clientB, apiId, "/a", key.value()).block()).isEqualTo(200);
		}

	}


	/** Scripts spaced under load, seen by a replica of its own whose linger is long enough to time. */
	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class UnderLoad {

		private static final Duration LINGER = Duration.ofSeconds(1);

		private final TestReplicas lingering = new TestReplicas(redis, KEY_PREFIX, "--tollgate.admin.port=-1",
				"--tollgate.default-api=", "--tollgate.websocket.replica-lease=1h", "--tollgate.usage.redis-timeout=10s",
				"--tollgate.usage.redis-batch-linger=" + LINGER.toMillis() + "ms")
			.withSources(TestClock.Configuration.class);

		private UsageLimiter limiter;

		private TestClock clock;

		@BeforeAll
		void startReplica() {
			ConfigurableApplicationContext replica = this.lingering.start();
			this.limiter = replica.getBean(UsageLimiter.class);
			this.clock = replica.getBean(TestClock.class);
		}

		@AfterAll
		void closeReplica() {
			this.lingering.close();
		}

		@Test
		void requestsWaitingForAScriptThatAnswersWithinTheLingerAreHeldUntilItPassesAndThoseArrivingMeanwhileJoinThem() {
			String keyId = "linger" + System.nanoTime();
			QuotaCount quota = new QuotaCount("plan" + keyId, keyId, new QuotaSettings(100, 0, QuotaPeriod.DAY));
			LimitRequest request = new LimitRequest(List.of(), quota);
			long[] answeredAfter = new long[3];
			long started = System.nanoTime();
			Function<Integer, Mono<Void>> group = (index) -> Flux.range(0, (index == 0) ? 1 : 10)
				.flatMap((i) -> this.limiter.acquire(request))
				.doOnNext((decision) -> assertThat(decision).isEqualTo(LimitDecision.ADMITTED))
				.then(Mono.fromRunnable(() -> answeredAfter[index] = System.nanoTime() - started));
			Map<String, Long> commands = commandsRun(() -> {
				try (RedisClient pausing = RedisClient.create(redis.url());
						StatefulRedisConnection<String, String> connection = pausing.connect()) {
					// The first request is in Redis for 200 ms; ten arrive meanwhile and wait for it, ten more after it
					// answered, while the first ten are held.
					connection.sync().clientPause(200);
					Mono.when(group.apply(0), group.apply(1),
							Mono.delay(Duration.ofMillis(400)).then(group.apply(2)))
						.block(Duration.ofSeconds(5));
				}
			});
			assertThat(commands).containsEntry("evalsha", 2L);
			assertThat(commands.getOrDefault("eval", 0L)).isZero();
			assertThat(Duration.ofNanos(answeredAfter[0])).isGreaterThanOrEqualTo(Duration.ofMillis(150))
				.isLessThan(LINGER);
			assertThat(Duration.ofNanos(answeredAfter[1])).isGreaterThanOrEqualTo(LINGER);
			assertThat(Duration.ofNanos(answeredAfter[2])).isGreaterThanOrEqualTo(LINGER);
			LocalDate today = this.clock.today();
			assertThat(this.limiter.usage(quota.planId(), List.of(keyId), today, today).block().get(keyId))
				.containsExactly(Map.entry(today, new UsageLimiter.UsageDay(21, 79L)));
		}

		@Test
		void aRequestWithNothingInFlightGoesAtOnce() {
			String keyId = "alone" + System.nanoTime();
			LimitRequest request = new LimitRequest(List.of(),
					new QuotaCount("plan" + keyId, keyId, new QuotaSettings(100, 0, QuotaPeriod.DAY)));
			// The replica's first call loads what every call then uses.
			assertThat(this.limiter.acquire(request).block(Duration.ofSeconds(5))).isEqualTo(LimitDecision.ADMITTED);
			for (int i = 0; i < 3; i++) {
				long started = System.nanoTime();
				assertThat(this.limiter.acquire(request).block(Duration.ofSeconds(5))).isEqualTo(LimitDecision.ADMITTED);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LINGER.dividedBy(2));
			}
		}

	}

}
