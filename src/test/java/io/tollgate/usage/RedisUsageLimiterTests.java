package io.tollgate.usage;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiKeySource;
import io.tollgate.store.ApiStore;
import io.tollgate.test.TestRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;

import static io.tollgate.usage.TestUsagePlans.keyedApi;
import static io.tollgate.usage.TestUsagePlans.plan;
import static io.tollgate.usage.TestUsagePlans.throttling;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttles and quotas shared through one real Redis server by two gateway replicas: what any Redis does, a keyed
 * request with a stage throttle in one round trip too, and the failure modes while Redis is stopped, with recovery
 * when it is back.
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
			// An instant of the replica's clock (which other tests move on), and Redis's own time to live.
			long quotaTtl = connection.sync().pttl("usage-test:quota:" + id + ":" + week.start());
			long now = System.currentTimeMillis();
			assertThat(quotaTtl).isBetween(expiresAt - now - 60_000, expiresAt - now);
			// One token of a burst of 100 at 10 per second: full again in 0.1 s, kept a second more.
			assertThat(connection.sync().pttl("usage-test:bucket:key:" + id)).isBetween(0L, 1100L);
		}
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
			assertThat(get(this.clientA, apiId, "/open", null).block()).isEqualTo(200);
			assertThat(get(this.clientB, apiId, "/a", key.value()).block()).isEqualTo(503);
			// Two requests, each bounded by tollgate.usage.redis-timeout (500 ms).
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> get(this.clientA, apiId, "/a", key.value()).block() == 200);
	}

	@Test
	void whileRedisIsDownThrottlesFailOpenAndQuotasFailClosedThenRecoverWithoutRestart() {
		String apiId = "failure" + System.nanoTime();
		ApiDefinition api = keyedApi(apiId, ApiKeySource.HEADER, Map.of("*/*", throttling(1000, 1000)));
		serve(api);
		UsagePlan plan = plan(apiId, null, new QuotaSettings(1000, 0, QuotaPeriod.DAY), Map.of());
		ApiKey key = admitted(apiId, plan);
		assertThat(get(this.clientA, apiId, "/a", key.value()).block()).isEqualTo(200);
		redis.stop();
		try {
			long started = System.nanoTime();
			assertThat(get(this.clientA, apiId, "/open", null).block()).isEqualTo(200);
			ResponseEntity<String> refused = this.clientA.get()
				.uri("/restapis/" + apiId + "/prod/_user_request_/a")
				.header("x-api-key", key.value())
				.exchangeToMono((response) -> response.toEntity(String.class))
				.block();
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(503));
			assertThat(refused.getHeaders().getFirst("x-amzn-ErrorType")).isEqualTo("ServiceUnavailableException");
			assertThat(refused.getBody()).isEqualTo("{\"message\":\"Service Unavailable\"}");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			double failures = this.replicaA.getBean(MeterRegistry.class)
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
			.until(() -> this.replicaA.getBean(ApiStore.class).save(api.withVersion(1), ApiStore.ABSENT).block() != null);
		UsageStore store = this.replicaA.getBean(UsageStore.class);
		store.createApiKey(key).block();
		store.createUsagePlan(plan).block();
		store.createUsagePlanKey(plan.id(), key.id()).block();
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get(this.clientA, apiId, "/a", key.value()).block() == 200);
		assertThat(get(this.clientB, apiId, "/a", key.value()).block()).isEqualTo(200);
	}

}
