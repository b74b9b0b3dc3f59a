package io.tollgate.usage;

import java.util.List;
import java.util.Map;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.resource.ClientResources;
import io.tollgate.model.ApiKeySource;
import io.tollgate.redis.RedisConnection;
import io.tollgate.redis.SharedRedis;
import io.tollgate.test.TestRedisCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.tollgate.usage.TestUsagePlans.NO_REFILL;
import static io.tollgate.usage.TestUsagePlans.keyedApi;
import static io.tollgate.usage.TestUsagePlans.plan;
import static io.tollgate.usage.TestUsagePlans.throttling;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttles and quotas shared through a real three-master Redis Cluster by two gateway replicas. A key's buckets,
 * quota and days share the slot of its hash tag; a stage's bucket has a slot of its own, so a keyed request with a
 * stage throttle is two scripts, the stage's first, and the quota stays exact.
 */
class RedisUsageLimiterClusterTests extends RedisUsageLimiterContractTests {

	@RegisterExtension
	static final TestRedisCluster redis = new TestRedisCluster();

	RedisUsageLimiterClusterTests() {
		super(redis);
	}

	@Test
	void theKeysOfOneApiKeyUnderOnePlanShareTheSlotOfTheirHashTag() {
		String apiId = "slots" + System.nanoTime();
		serve(keyedApi(apiId));
		UsagePlan plan = plan(apiId, new ThrottleSettings(100, 100), new QuotaSettings(100, 0, QuotaPeriod.DAY),
				Map.of());
		ApiKey key = admitted(apiId, plan);
		assertThat(get(this.clientA, apiId, "/a", key.value()).block()).isEqualTo(200);
		ClientResources resources = ClientResources.create();
		try (SharedRedis shared = redis.open(resources, "usage-test:", TIMEOUT);
				RedisConnection<String, String> connection = shared.connect(TIMEOUT)) {
			String tag = "{" + plan.id() + ":" + key.id() + "}";
			List<String> keys = connection.sync().keys("usage-test:" + tag + ":*");
			assertThat(keys).hasSize(3)
				.anyMatch((name) -> name.startsWith("usage-test:" + tag + ":bucket:key:"))
				.anyMatch((name) -> name.startsWith("usage-test:" + tag + ":quota:"))
				.anyMatch((name) -> name.startsWith("usage-test:" + tag + ":usage:"));
			assertThat(keys.stream().map(SlotHash::getSlot).distinct()).hasSize(1);
		}
		finally {
			resources.shutdown();
		}
	}

	@Test
	void quotaAdmitsExactlyItsLimitWhenAStageThrottleLivesInAnotherSlot() {
		String apiId = "exactstage" + System.nanoTime();
		serve(keyedApi(apiId, ApiKeySource.HEADER, Map.of("*/*", throttling(10_000, 10_000))));
		int limit = 60;
		ApiKey key = admitted(apiId, plan(apiId, null, new QuotaSettings(limit, 0, QuotaPeriod.DAY), Map.of()));
		List<Integer> statuses = concurrently(4 * limit, apiId, "/a", key.value());
		assertThat(statuses.stream().filter((status) -> status == 200)).hasSize(limit);
		assertThat(statuses.stream().filter((status) -> status == 429)).hasSize(3 * limit);
	}

	@Test
	void aKeyedRequestWithAStageThrottleIsTwoScriptsAndOneWithoutAKeyIsOne() {
		String apiId = "stageroundtrips" + System.nanoTime();
		serve(keyedApi(apiId, ApiKeySource.HEADER, Map.of("*/*", throttling(1000, 1000))));
		ApiKey key = admitted(apiId, plan(apiId, new ThrottleSettings(1000, 1000),
				new QuotaSettings(1000, 0, QuotaPeriod.DAY), Map.of()));
		get(this.clientA, apiId, "/a", key.value()).block();
		int requests = 10;
		assertThat(roundTrips(() -> {
			for (int i = 0; i < requests; i++) {
				assertThat(get((i % 2 == 0) ? this.clientA : this.clientB, apiId, "/a", key.value()).block())
					.isEqualTo(200);
			}
		})).isEqualTo(Map.of("evalsha", 2L * requests));
		assertThat(roundTrips(() -> {
			for (int i = 0; i < requests; i++) {
				assertThat(get(this.clientB, apiId, "/open", null).block()).isEqualTo(200);
			}
		})).isEqualTo(Map.of("evalsha", (long) requests));
	}

	@Test
	void aRequestTheKeysThrottleRefusesGivesTheStageThrottlesTokenBack() {
		String apiId = "refund" + System.nanoTime();
		int stageBurst = 6;
		serve(keyedApi(apiId, ApiKeySource.HEADER, Map.of("*/*", throttling(stageBurst, NO_REFILL))));
		ApiKey key = admitted(apiId,
				plan(apiId, new ThrottleSettings(2, NO_REFILL), new QuotaSettings(1000, 0, QuotaPeriod.DAY), Map.of()));
		// The key's throttle admits two requests, then refuses: each refusal gives the stage's token back.
		List<Integer> keyed = List.of(get(this.clientA, apiId, "/a", key.value()).block(),
				get(this.clientB, apiId, "/a", key.value()).block(), get(this.clientA, apiId, "/a", key.value()).block(),
				get(this.clientB, apiId, "/a", key.value()).block());
		assertThat(keyed).containsExactly(200, 200, 429, 429);
		// The stage's bucket of GET /a lost only the two admitted requests' tokens.
		ApiKey other = admitted(apiId, plan(apiId, null, null, Map.of()));
		List<Integer> others = concurrently(10, apiId, "/a", other.value());
		assertThat(others.stream().filter((status) -> status == 200)).hasSize(stageBurst - 2);
	}

}
