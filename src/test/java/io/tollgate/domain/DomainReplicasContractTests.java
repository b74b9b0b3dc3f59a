package io.tollgate.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiMapping;
import io.tollgate.model.DomainName;
import io.tollgate.store.ApiStore;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestRedisDeployment;
import io.tollgate.test.TestReplicas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import static org.awaitility.Awaitility.await;

/**
 * Two gateway replicas on one real Redis, one server or a cluster: a custom domain created through one is served by
 * the other.
 */
abstract class DomainReplicasContractTests {

	final TestReplicas replicas;

	DomainReplicasContractTests(TestRedisDeployment redis) {
		this.replicas = new TestReplicas(redis, "domain-replicas-test:");
	}

	@AfterEach
	void closeReplicas() {
		this.replicas.close();
	}

	@Test
	void aDomainAndItsMappingsChangedThroughOneReplicaAreServedByTheOther() {
		ConfigurableApplicationContext replicaA = this.replicas.start();
		ConfigurableApplicationContext replicaB = this.replicas.start();
		ApiDefinition api = TestApis.deploy(TestApis.withMethod(TestApis.api("shop"), "/hello",
				TestApis.method("GET", TestApis.mock("{\"base\": \"$context.customDomain.basePathMatched\"}"))),
				"d1", "prod", Map.of());
		replicaA.getBean(ApiStore.class).save(api, ApiStore.ABSENT).block();
		DomainStore domainsA = replicaA.getBean(DomainStore.class);
		domainsA.update((all) -> all.with(new DomainName("shop.example.com", null, null, null, null, null, null,
				null, null, List.of(new ApiMapping("m1", "shop", "prod", "orders"))))).block();
		WebClient replicaBClient = TestReplicas.client(replicaB);
		await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
			.until(() -> "{\"base\": \"orders\"}".equals(body(replicaBClient, "/orders/hello")));

		domainsA.update((all) -> all.with(all.require("shop.example.com")
			.withMappings(List.of(new ApiMapping("m1", "shop", "prod", "shop/v2"))))).block();
		await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
			.until(() -> "{\"base\": \"shop/v2\"}".equals(body(replicaBClient, "/shop/v2/hello")));

		domainsA.update((all) -> all.without("shop.example.com")).block();
		await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
			.until(() -> body(replicaBClient, "/shop/v2/hello").contains("Missing Authentication Token"));
	}

	private static String body(WebClient client, String path) {
		return client.get()
			.uri(path)
			.header(HttpHeaders.HOST, "shop.example.com")
			.exchangeToMono((response) -> response.bodyToMono(String.class))
			.defaultIfEmpty("")
			.block(Duration.ofSeconds(5));
	}

}
