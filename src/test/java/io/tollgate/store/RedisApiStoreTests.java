package io.tollgate.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Stage;
import io.tollgate.store.ApiStore.ApiChange;
import io.tollgate.store.ApiStore.ConcurrentModificationException;
import io.tollgate.test.TestRedisStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisApiStore}, against a real Redis shared by two stores, as two gateway replicas would.
 */
class RedisApiStoreTests extends ApiStoreContractTests {

	private static final String PREFIX = TestRedisStores.PREFIX;

	@RegisterExtension
	static final TestRedisStores<RedisApiStore> stores = new TestRedisStores<>(RedisApiStore::new);

	@Override
	protected ApiStore writer() {
		return stores.writer();
	}

	@Override
	protected ApiStore reader() {
		return stores.reader();
	}

	@Test
	void saveThenFindOnAnotherStoreReturnsAnEqualDefinition() {
		ApiDefinition petstore = fullDefinition("petstore");
		ApiDefinition bookshop = simpleDefinition("bookshop");
		stores.writer().save(petstore, ApiStore.ABSENT).block(TIMEOUT);
		stores.writer().save(bookshop, ApiStore.ABSENT).block(TIMEOUT);
		assertThat(stores.reader().find("petstore").block(TIMEOUT)).isEqualTo(petstore);
		assertThat(stores.reader().findAll().collectList().block(TIMEOUT)).containsExactly(bookshop, petstore);
	}

	@Test
	void saveWhenApiIsMissingAndVersionExpectedThenConcurrentModification() {
		StepVerifier.create(stores.writer().save(simpleDefinition("petstore"), 0))
			.expectError(ConcurrentModificationException.class)
			.verify(TIMEOUT);
		StepVerifier.create(stores.writer().find("petstore")).verifyComplete();
	}

	@Test
	void deleteRemovesDefinitionAndVersion() {
		stores.writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		StepVerifier.create(stores.reader().delete("petstore")).expectNext(true).verifyComplete();
		StepVerifier.create(stores.writer().find("petstore")).verifyComplete();
		assertThat(stores.commands().hexists(PREFIX + "api-versions", "petstore")).isFalse();
		// Gone means gone: the API can be created again.
		stores.writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
	}

	@Test
	void changesOfOneStoreAreEmittedByAnotherWithinOneSecond() {
		ApiDefinition petstore = simpleDefinition("petstore");
		StepVerifier.create(stores.reader().changes().take(2))
			.then(() -> stores.writer().save(petstore, ApiStore.ABSENT).subscribe())
			.assertNext((change) -> {
				assertThat(change).isEqualTo(new ApiChange("petstore"));
				// Published by the script after storing: whoever hears the change can read it.
				assertThat(stores.reader().find("petstore").block(TIMEOUT)).isEqualTo(petstore);
			})
			.then(() -> stores.writer().delete("petstore").subscribe())
			.expectNext(new ApiChange("petstore"))
			.expectComplete()
			.verify(Duration.ofSeconds(1));
	}

	@Test
	void changesAreSeenByEverySubscriberIncludingTheWritingStore() {
		Flux<ApiChange> own = stores.writer().changes().take(1);
		Flux<ApiChange> other = stores.reader().changes().take(1);
		Flux<ApiChange> otherAgain = stores.reader().changes().take(1);
		StepVerifier.create(Flux.merge(own, other, otherAgain))
			.then(() -> stores.writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).subscribe())
			.expectNext(new ApiChange("petstore"), new ApiChange("petstore"), new ApiChange("petstore"))
			.expectComplete()
			.verify(Duration.ofSeconds(1));
	}

	@Test
	void keysAndChannelsAllStartWithThePrefix() {
		stores.writer().save(fullDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		stores.writer().save(simpleDefinition("bookshop"), ApiStore.ABSENT).block(TIMEOUT);
		stores.writer().update("bookshop", (api) -> api.withStage(Stage.of("dev", "dep1", null))).block(TIMEOUT);
		stores.writer().delete("petstore").block(TIMEOUT);
		RedisClusterCommands<String, String> commands = stores.commands();
		assertThat(commands.keys("*")).containsExactlyInAnyOrder(PREFIX + "apis", PREFIX + "api-versions");
		assertThat(commands.type(PREFIX + "apis")).isEqualTo("hash");
		assertThat(commands.type(PREFIX + "api-versions")).isEqualTo("hash");
		assertThat(commands.pubsubChannels()).containsExactly(PREFIX + "api-changes");
	}

	@Test
	void saveIsOneRoundTrip() {
		RedisClusterCommands<String, String> commands = stores.commands();
		commands.configResetstat();
		int saves = 5;
		ApiDefinition api = stores.writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		for (int i = 1; i < saves; i++) {
			api = stores.writer().save(api.withStage(Stage.of("s" + i, "dep1", null)), api.version()).block(TIMEOUT);
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
		stores.writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		stores.commands().scriptFlush();
		ApiDefinition bookshop = stores.writer().save(simpleDefinition("bookshop"), ApiStore.ABSENT).block(TIMEOUT);
		assertThat(stores.reader().find("bookshop").block(TIMEOUT)).isEqualTo(bookshop);
		stores.commands().scriptFlush();
		StepVerifier.create(stores.writer().delete("bookshop")).expectNext(true).verifyComplete();
	}

	@Test
	void findAllSkipsADefinitionThatCannotBeRead() {
		ApiDefinition petstore = stores.writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		stores.commands().hset(PREFIX + "apis", "broken", "{\"restApi\":");
		assertThat(stores.writer().findAll().collectList().block(TIMEOUT)).containsExactly(petstore);
		StepVerifier.create(stores.writer().find("broken")).expectError().verify(TIMEOUT);
	}

	@Test
	void findAllReadsEachDefinitionByItselfAndParsesItOffTheRedisEventLoop() {
		stores.writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		stores.writer().save(simpleDefinition("bookshop"), ApiStore.ABSENT).block(TIMEOUT);
		RedisClusterCommands<String, String> commands = stores.commands();
		commands.configResetstat();
		// A replica reads every definition at start; one answer holding all of them (megabytes for a large API) could
		// outlast the command timeout, and parsing on Lettuce's thread would stall every other Redis command.
		assertThat(stores.reader().findAll().map((api) -> api.id() + " on " + Thread.currentThread().getName())
			.collectList()
			.block(TIMEOUT)).satisfiesExactly((bookshop) -> assertThat(bookshop).startsWith("bookshop on parallel-"),
					(petstore) -> assertThat(petstore).startsWith("petstore on parallel-"));
		Map<String, Long> calls = commandCalls(commands.info("commandstats"));
		calls.keySet().removeIf((command) -> command.startsWith("config"));
		assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("hkeys", 1L, "hget", 2L));
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
