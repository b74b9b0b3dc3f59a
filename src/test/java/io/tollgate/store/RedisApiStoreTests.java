package io.tollgate.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Stage;
import io.tollgate.store.ApiStore.ApiChange;
import io.tollgate.store.ApiStore.ConcurrentModificationException;
import io.tollgate.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisApiStore}, against a real Redis shared by two stores, as two gateway replicas would.
 */
class RedisApiStoreTests extends ApiStoreContractTests {

	private static final String PREFIX = "tollgate-test:";

	@RegisterExtension
	static TestRedis redis = new TestRedis();

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> raw;

	private RedisApiStore store;

	private RedisApiStore replica;

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
		this.store = new RedisApiStore(client, PREFIX, Duration.ofSeconds(2));
		this.replica = new RedisApiStore(client, PREFIX, Duration.ofSeconds(2));
	}

	@AfterEach
	void closeStores() {
		this.store.close();
		this.replica.close();
	}

	/** Writes go through one store, reads through another on the same Redis, as between two replicas. */
	@Override
	protected ApiStore writer() {
		return this.store;
	}

	@Override
	protected ApiStore reader() {
		return this.replica;
	}

	@Test
	void saveThenFindOnAnotherStoreReturnsAnEqualDefinition() {
		ApiDefinition petstore = fullDefinition("petstore");
		ApiDefinition bookshop = simpleDefinition("bookshop");
		this.store.save(petstore, ApiStore.ABSENT).block(TIMEOUT);
		this.store.save(bookshop, ApiStore.ABSENT).block(TIMEOUT);
		assertThat(this.replica.find("petstore").block(TIMEOUT)).isEqualTo(petstore);
		assertThat(this.replica.findAll().collectList().block(TIMEOUT)).containsExactly(bookshop, petstore);
	}

	@Test
	void saveWhenApiIsMissingAndVersionExpectedThenConcurrentModification() {
		StepVerifier.create(this.store.save(simpleDefinition("petstore"), 0))
			.expectError(ConcurrentModificationException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.store.find("petstore")).verifyComplete();
	}

	@Test
	void deleteRemovesDefinitionAndVersion() {
		this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		StepVerifier.create(this.replica.delete("petstore")).expectNext(true).verifyComplete();
		StepVerifier.create(this.store.find("petstore")).verifyComplete();
		assertThat(raw.sync().hexists(PREFIX + "api-versions", "petstore")).isFalse();
		// Gone means gone: the API can be created again.
		this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
	}

	@Test
	void changesOfOneStoreAreEmittedByAnotherWithinOneSecond() {
		ApiDefinition petstore = simpleDefinition("petstore");
		StepVerifier.create(this.replica.changes().take(2))
			.then(() -> this.store.save(petstore, ApiStore.ABSENT).subscribe())
			.assertNext((change) -> {
				assertThat(change).isEqualTo(new ApiChange("petstore"));
				// Published by the script after storing: whoever hears the change can read it.
				assertThat(this.replica.find("petstore").block(TIMEOUT)).isEqualTo(petstore);
			})
			.then(() -> this.store.delete("petstore").subscribe())
			.expectNext(new ApiChange("petstore"))
			.expectComplete()
			.verify(Duration.ofSeconds(1));
	}

	@Test
	void changesAreSeenByEverySubscriberIncludingTheWritingStore() {
		Flux<ApiChange> own = this.store.changes().take(1);
		Flux<ApiChange> other = this.replica.changes().take(1);
		Flux<ApiChange> otherAgain = this.replica.changes().take(1);
		StepVerifier.create(Flux.merge(own, other, otherAgain))
			.then(() -> this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT).subscribe())
			.expectNext(new ApiChange("petstore"), new ApiChange("petstore"), new ApiChange("petstore"))
			.expectComplete()
			.verify(Duration.ofSeconds(1));
	}

	@Test
	void keysAndChannelsAllStartWithThePrefix() {
		this.store.save(fullDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		this.store.save(simpleDefinition("bookshop"), ApiStore.ABSENT).block(TIMEOUT);
		this.store.update("bookshop", (api) -> api.withStage(Stage.of("dev", "dep1", null))).block(TIMEOUT);
		this.store.delete("petstore").block(TIMEOUT);
		RedisCommands<String, String> commands = raw.sync();
		assertThat(commands.keys("*")).containsExactlyInAnyOrder(PREFIX + "apis", PREFIX + "api-versions");
		assertThat(commands.type(PREFIX + "apis")).isEqualTo("hash");
		assertThat(commands.type(PREFIX + "api-versions")).isEqualTo("hash");
		assertThat(commands.pubsubChannels()).containsExactly(PREFIX + "api-changes");
	}

	@Test
	void saveIsOneRoundTrip() {
		RedisCommands<String, String> commands = raw.sync();
		commands.configResetstat();
		int saves = 5;
		ApiDefinition api = this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		for (int i = 1; i < saves; i++) {
			api = this.store.save(api.withStage(Stage.of("s" + i, "dep1", null)), api.version()).block(TIMEOUT);
		}
		Map<String, Long> calls = commandCalls(commands.info("commandstats"));
		calls.keySet().removeIf((command) -> command.startsWith("config"));
		// One EVALSHA per save, even the first (the script is loaded at start). Redis also counts the commands the
		// script runs, without a round trip: one HGET, two HSETs and one PUBLISH.
		assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", (long) saves, "hget", (long) saves,
				"hset", 2L * saves, "publish", (long) saves));
	}

	@Test
	void saveAfterRedisForgotTheScriptStillStores() {
		this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		raw.sync().scriptFlush();
		ApiDefinition bookshop = this.store.save(simpleDefinition("bookshop"), ApiStore.ABSENT).block(TIMEOUT);
		assertThat(this.replica.find("bookshop").block(TIMEOUT)).isEqualTo(bookshop);
		raw.sync().scriptFlush();
		StepVerifier.create(this.store.delete("bookshop")).expectNext(true).verifyComplete();
	}

	@Test
	void findAllSkipsADefinitionThatCannotBeRead() {
		ApiDefinition petstore = this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		raw.sync().hset(PREFIX + "apis", "broken", "{\"restApi\":");
		assertThat(this.store.findAll().collectList().block(TIMEOUT)).containsExactly(petstore);
		StepVerifier.create(this.store.find("broken")).expectError().verify(TIMEOUT);
	}

	private static Map<String, Long> commandCalls(String commandStats) {
		// Lines such as "cmdstat_evalsha:calls=5,usec=120,usec_per_call=24.00,rejected_calls=0,failed_calls=0".
		Map<String, Long> calls = new LinkedHashMap<>();
		for (String line : commandStats.lines().toList()) {
			if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				String count = line.substring(line.indexOf("calls=") + "calls=".length(), line.indexOf(','));
				calls.put(name, Long.parseLong(count));
			}
		}
		return calls;
	}

}
