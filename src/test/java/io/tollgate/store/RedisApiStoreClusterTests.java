package io.tollgate.store;

import java.time.Duration;

import io.lettuce.core.cluster.SlotHash;
import io.tollgate.model.ApiDefinition;
import io.tollgate.store.ApiStore.ApiChange;
import io.tollgate.test.TestRedisCluster;
import io.tollgate.test.TestRedisStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RedisApiStore} on a real three-master Redis Cluster, shared by two stores as two replicas hold them. */
class RedisApiStoreClusterTests extends ApiStoreContractTests {

	@RegisterExtension
	static final TestRedisStores<RedisApiStore> stores = new TestRedisStores<>(new TestRedisCluster(),
			RedisApiStore::new);

	@Override
	protected ApiStore writer() {
		return stores.writer();
	}

	@Override
	protected ApiStore reader() {
		return stores.reader();
	}

	@Test
	void theStoresKeysCarryOneHashTagSoItsScriptsRunInOneSlot() {
		ApiDefinition petstore = stores.writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		String definitions = TestRedisStores.PREFIX + "{api-store}:apis";
		String versions = TestRedisStores.PREFIX + "{api-store}:api-versions";
		assertThat(stores.commands().keys(TestRedisStores.PREFIX + "*")).containsExactlyInAnyOrder(definitions,
				versions);
		assertThat(SlotHash.getSlot(definitions)).isEqualTo(SlotHash.getSlot(versions));
		assertThat(stores.commands().hget(versions, "petstore")).isEqualTo(Long.toString(petstore.version()));
	}

	@Test
	void changesThroughOneStoreReachEveryStoreWhicheverNodeTheySubscribedOn() {
		StepVerifier.create(Flux.merge(stores.writer().changes().take(1), stores.reader().changes().take(1)))
			.then(() -> stores.writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).subscribe())
			.expectNext(new ApiChange("petstore"), new ApiChange("petstore"))
			.expectComplete()
			.verify(Duration.ofSeconds(2));
		assertThat(stores.reader().findAll().map(ApiDefinition::id).collectList().block(TIMEOUT))
			.containsExactly("petstore");
	}

	@Test
	void writesAfterTheClusterForgotTheScriptsStillStore() {
		stores.commands().scriptFlush();
		stores.writer().save(simpleDefinition("bookshop"), ApiStore.ABSENT).block(TIMEOUT);
		stores.commands().scriptFlush();
		StepVerifier.create(stores.reader().delete("bookshop")).expectNext(true).verifyComplete();
	}

}
