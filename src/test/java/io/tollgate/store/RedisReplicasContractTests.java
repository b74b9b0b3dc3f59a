package io.tollgate.store;

import java.time.Duration;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestRedisDeployment;
import io.tollgate.test.TestReplicas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway replicas sharing one real Redis, one server or a cluster: a change made through one is served by the
 * other within 1 s.
 */
abstract class RedisReplicasContractTests {

	final TestReplicas replicas;

	RedisReplicasContractTests(TestRedisDeployment redis) {
		this.replicas = new TestReplicas(redis, "replicas-test:");
	}

	@AfterEach
	void closeReplicas() {
		this.replicas.close();
	}

	@Test
	void changeThroughOneReplicaIsServedByTheOtherWithinOneSecond() {
		ConfigurableApplicationContext replicaA = this.replicas.start();
		ConfigurableApplicationContext replicaB = this.replicas.start();
		ApiStore storeA = replicaA.getBean(ApiStore.class);
		WebClient replicaBClient = TestReplicas.client(replicaB);

		ApiDefinition api = TestApis.deploy(TestApis.withMethod(TestApis.api("shared"), "/hello",
				TestApis.method("GET", TestApis.mock("{\"version\": 1}"))), "d1", "prod", Map.of());
		storeA.save(api, ApiStore.ABSENT).block();
		await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
			.until(() -> "{\"version\": 1}".equals(body(replicaBClient)));

		ApiDefinition redeployed = TestApis.deploy(TestApis.withMethod(api, "/hello",
				TestApis.method("GET", TestApis.mock("{\"version\": 2}"))), "d2", "prod", Map.of());
		storeA.save(redeployed, api.version()).block();
		await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
			.until(() -> "{\"version\": 2}".equals(body(replicaBClient)));

		assertThat(storeA.delete("shared").block()).isTrue();
		await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
			.until(() -> body(replicaBClient).contains("Missing Authentication Token"));
	}

	@Test
	void replicaStartedLaterServesWhatIsAlreadyStored() {
		ConfigurableApplicationContext replicaA = this.replicas.start();
		ApiDefinition api = TestApis.deploy(TestApis.withMethod(TestApis.api("early"), "/hello",
				TestApis.method("GET", TestApis.mock("{\"early\": true}"))), "d1", "prod", Map.of());
		replicaA.getBean(ApiStore.class).save(api, ApiStore.ABSENT).block();
		ConfigurableApplicationContext replicaB = this.replicas.start();
		assertThat(TestReplicas.client(replicaB)
			.get()
			.uri("/restapis/early/prod/_user_request_/hello")
			.retrieve()
			.bodyToMono(String.class)
			.block()).isEqualTo("{\"early\": true}");
	}

	static String body(WebClient client) {
		try {
			return client.get().uri("/restapis/shared/prod/_user_request_/hello").retrieve().bodyToMono(String.class)
				.block(Duration.ofSeconds(1));
		}
		catch (WebClientResponseException ex) {
			return ex.getResponseBodyAsString();
		}
	}

}
