package io.tollgate.domain;

import java.time.Duration;

import io.tollgate.domain.DomainStore.ConcurrentModificationException;
import io.tollgate.model.ApiMapping;
import io.tollgate.model.DomainName;
import io.tollgate.model.DomainNames;
import io.tollgate.test.TestRedisStores;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisDomainStore} on a real Redis, one server or a cluster, shared by two stores as two gateway replicas
 * hold them.
 */
abstract class RedisDomainStoreContractTests {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	abstract TestRedisStores<RedisDomainStore> stores();

	@Test
	void aDomainSavedByOneReplicaIsAnnouncedToAndReadByAnother() {
		StepVerifier.create(stores().reader().changes().take(1))
			.then(() -> stores().writer().update((all) -> all.with(domain("api.example.com"))).subscribe())
			.assertNext((version) -> assertThat(stores().reader().load().block(TIMEOUT).require("api.example.com")
				.apiMappings()).singleElement().satisfies((mapping) -> assertThat(mapping.apiMappingKey())
					.isEqualTo("orders/v2")))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(stores().commands().get(stores().keys().of("domain-store") + "domain-names-version")).isEqualTo("0");
	}

	@Test
	void aWriteFromAStaleReadIsAConcurrentModification() {
		DomainNames stale = stores().reader().load().block(TIMEOUT);
		stores().writer().save(stale.with(domain("one.example.com")), stale.version()).block(TIMEOUT);
		StepVerifier.create(stores().reader().save(stale.with(domain("two.example.com")), stale.version()))
			.expectError(ConcurrentModificationException.class)
			.verify(TIMEOUT);
	}

	@Test
	void concurrentUpdatesOfTwoReplicasBothApply() {
		Flux.merge(stores().writer().update((all) -> all.with(domain("one.example.com"))),
				stores().reader().update((all) -> all.with(domain("two.example.com"))))
			.blockLast(TIMEOUT);
		assertThat(stores().reader().load().block(TIMEOUT).domainNames()).containsOnlyKeys("one.example.com",
				"two.example.com");
	}

	private static DomainName domain(String name) {
		return new DomainName(name, null, null, null, "example-com", null, null, null, null,
				java.util.List.of(new ApiMapping(ApiMapping.derivedId(name, "orders/v2"), "petstore", "prod",
						"orders/v2")));
	}

}
