package io.tollgate.usage;

import java.time.Duration;
import java.util.Map;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.tollgate.test.TestRedisStores;
import io.tollgate.usage.UsageStore.UsageChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static io.tollgate.usage.TestUsage.apiKey;
import static io.tollgate.usage.TestUsage.plan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisUsageStore}, against a real Redis shared by two stores, as two gateway replicas would.
 */
class RedisUsageStoreTests extends UsageStoreContractTests {

	private static final String PREFIX = TestRedisStores.PREFIX;

	@RegisterExtension
	static final TestRedisStores<RedisUsageStore> stores = new TestRedisStores<>(RedisUsageStore::new);

	@Override
	protected UsageStore writer() {
		return stores.writer();
	}

	@Override
	protected UsageStore reader() {
		return stores.reader();
	}

	@Test
	void theDataPlaneFindsAKeyAndItsPlanForAStageInTwoHashLookups() {
		ApiKey alice = create(apiKey("alice"));
		UsagePlan gold = createPlan(plan("gold", "api1:prod", "api2:dev"));
		stores.writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
		RedisClusterCommands<String, String> commands = stores.commands();
		assertThat(commands.hget(PREFIX + "api-key-values", alice.value())).isEqualTo(alice.id());
		assertThat(commands.hgetall(PREFIX + "api-key-stages:" + alice.id()))
			.containsExactlyInAnyOrderEntriesOf(Map.of("api1:prod", gold.id(), "api2:dev", gold.id()));
		assertThat(commands.hgetall(PREFIX + "usage-plan-keys:" + gold.id()))
			.containsExactlyEntriesOf(Map.of(alice.id(), "API_KEY"));
		assertThat(commands.smembers(PREFIX + "api-key-plans:" + alice.id())).containsExactly(gold.id());
	}

	@Test
	void keysAndChannelsAllStartWithThePrefixAndNothingIsLeftBehind() {
		ApiKey alice = create(apiKey("alice"));
		UsagePlan gold = createPlan(plan("gold", "api1:prod"));
		stores.writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
		RedisClusterCommands<String, String> commands = stores.commands();
		assertThat(commands.keys("*")).allMatch((key) -> key.startsWith(PREFIX));
		assertThat(commands.pubsubChannels()).containsExactly(PREFIX + "usage-changes");
		stores.writer().deleteUsagePlan(gold.id()).block(TIMEOUT);
		stores.writer().deleteApiKey(alice.id()).block(TIMEOUT);
		assertThat(commands.keys("*")).isEmpty();
	}

	@Test
	void writesAfterRedisForgotTheScriptsStillStore() {
		ApiKey alice = create(apiKey("alice"));
		stores.commands().scriptFlush();
		UsagePlan gold = createPlan(plan("gold", "api1:prod"));
		stores.commands().scriptFlush();
		stores.writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
		assertThat(stores.reader().findUsagePlanOfStage(alice.id(), "api1", "prod").block(TIMEOUT)).isEqualTo(gold);
	}

	@Test
	void findSkipsAnObjectThatCannotBeRead() {
		ApiKey alice = create(apiKey("alice"));
		stores.commands().hset(PREFIX + "api-keys", "broken", "{\"id\":");
		assertThat(stores.writer().findApiKeys().collectList().block(TIMEOUT)).containsExactly(alice);
		StepVerifier.create(stores.writer().findApiKey("broken")).expectError().verify(TIMEOUT);
	}

	@Test
	void changesAreSeenByEverySubscriberIncludingTheWritingStore() {
		ApiKey alice = apiKey("alice");
		StepVerifier.create(Flux.merge(stores.writer().changes().take(1), stores.reader().changes().take(1)))
			.then(() -> stores.writer().createApiKey(alice).subscribe())
			.expectNext(UsageChange.apiKey(alice.id()), UsageChange.apiKey(alice.id()))
			.expectComplete()
			.verify(Duration.ofSeconds(1));
	}

}
