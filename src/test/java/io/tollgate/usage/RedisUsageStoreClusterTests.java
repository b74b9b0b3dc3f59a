package io.tollgate.usage;

import java.util.List;

import io.lettuce.core.cluster.SlotHash;
import io.tollgate.test.TestRedisCluster;
import io.tollgate.test.TestRedisStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.tollgate.usage.TestUsage.apiKey;
import static io.tollgate.usage.TestUsage.plan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisUsageStore} on a real three-master Redis Cluster: every script, including those that derive the names
 * of per-key and per-plan indexes, runs in the one slot of the store's hash tag.
 */
class RedisUsageStoreClusterTests extends UsageStoreContractTests {

	@RegisterExtension
	static final TestRedisStores<RedisUsageStore> stores = new TestRedisStores<>(new TestRedisCluster(),
			RedisUsageStore::new);

	@Override
	protected UsageStore writer() {
		return stores.writer();
	}

	@Override
	protected UsageStore reader() {
		return stores.reader();
	}

	@Test
	void everyKeyOfTheStoreCarriesItsHashTagAndSharesOneSlot() {
		ApiKey alice = create(apiKey("alice"));
		UsagePlan gold = createPlan(plan("gold", "api1:prod", "api2:dev"));
		stores.writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
		String store = TestRedisStores.PREFIX + "{usage-store}:";
		List<String> keys = stores.commands().keys(TestRedisStores.PREFIX + "*");
		assertThat(keys).containsExactlyInAnyOrder(store + "api-keys", store + "api-key-values", store + "usage-plans",
				store + "usage-plan-keys:" + gold.id(), store + "api-key-plans:" + alice.id(),
				store + "api-key-stages:" + alice.id());
		assertThat(keys.stream().map(SlotHash::getSlot).distinct()).hasSize(1);
		assertThat(stores.reader().findUsagePlanOfStage(alice.id(), "api2", "dev").block(TIMEOUT)).isEqualTo(gold);
		stores.writer().deleteUsagePlan(gold.id()).block(TIMEOUT);
		stores.writer().deleteApiKey(alice.id()).block(TIMEOUT);
		assertThat(stores.commands().keys(TestRedisStores.PREFIX + "*")).isEmpty();
	}

}
