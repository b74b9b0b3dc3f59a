package io.tollgate.usage;

import java.time.Duration;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tollgate.test.TestRedis;
import io.tollgate.usage.UsageStore.UsageChange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static io.tollgate.usage.TestUsage.apiKey;
import static io.tollgate.usage.TestUsage.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link RedisUsageStore}, against a real Redis shared by two stores, as two gateway replicas would.
 */
class RedisUsageStoreTests extends UsageStoreContractTests {

	private static final String PREFIX = "tollgate-test:";

	@RegisterExtension
	static TestRedis redis = new TestRedis();

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> raw;

	private RedisUsageStore store;

	private RedisUsageStore replica;

	@BeforeAll
	static void connect() {
		client = RedisClient.create(redis.url());
		raw = client.connect();
	}

	@AfterAll
	static void disconnect() {
		raw.close();
		client.shutdown();
	}

	@BeforeEach
	void openStores() {
		raw.sync().flushall();
		this.store = new RedisUsageStore(client, PREFIX, Duration.ofSeconds(2));
		this.replica = new RedisUsageStore(client, PREFIX, Duration.ofSeconds(2));
	}

	@AfterEach
	void closeStores() {
		this.store.close();
		this.replica.close();
	}

	@Override
	protected UsageStore writer() {
		return this.store;
	}

	@Override
	protected UsageStore reader() {
		return this.replica;
	}

	@Test
	void theDataPlaneFindsAKeyAndItsPlanForAStageInTwoHashLookups() {
		ApiKey alice = create(apiKey("alice"));
		UsagePlan gold = createPlan(plan("gold", "api1:prod", "api2:dev"));
		this.store.createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
		RedisCommands<String, String> commands = raw.sync();
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
		this.store.createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
		RedisCommands<String, String> commands = raw.sync();
		assertThat(commands.keys("*")).allMatch((key) -> key.startsWith(PREFIX));
		assertThat(commands.pubsubChannels()).containsExactly(PREFIX + "usage-changes");
		this.store.deleteUsagePlan(gold.id()).block(TIMEOUT);
		this.store.deleteApiKey(alice.id()).block(TIMEOUT);
		assertThat(commands.keys("*")).isEmpty();
	}

	@Test
	void writesAfterRedisForgotTheScriptsStillStore() {
		ApiKey alice = create(apiKey("alice"));
		raw.sync().scriptFlush();
		UsagePlan gold = createPlan(plan("gold", "api1:prod"));
		raw.sync().scriptFlush();
		this.store.createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
		assertThat(this.replica.findUsagePlanOfStage(alice.id(), "api1", "prod").block(TIMEOUT)).isEqualTo(gold);
	}

	@Test
	void findSkipsAnObjectThatCannotBeRead() {
		ApiKey alice = create(apiKey("alice"));
		raw.sync().hset(PREFIX + "api-keys", "broken", "{\"id\":");
		assertThat(this.store.findApiKeys().collectList().block(TIMEOUT)).containsExactly(alice);
		StepVerifier.create(this.store.findApiKey("broken")).expectError().verify(TIMEOUT);
	}

	@Test
	void changesAreSeenByEverySubscriberIncludingTheWritingStore() {
		ApiKey alice = apiKey("alice");
		StepVerifier.create(Flux.merge(this.store.changes().take(1), this.replica.changes().take(1)))
			.then(() -> this.store.createApiKey(alice).subscribe())
			.expectNext(UsageChange.apiKey(alice.id()), UsageChange.apiKey(alice.id()))
			.expectComplete()
			.verify(Duration.ofSeconds(1));
	}

	@Test
	void anOwningStoreShutsItsClientDown() {
		RedisClient own = RedisClient.create(redis.url());
		RedisUsageStore owning = RedisUsageStore.owning(own, PREFIX, Duration.ofSeconds(2));
		owning.createApiKey(apiKey("alice")).block(TIMEOUT);
		owning.close();
		assertThatThrownBy(own::connect).isInstanceOf(IllegalStateException.class);
	}

}
