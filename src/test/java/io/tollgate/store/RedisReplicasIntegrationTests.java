package io.tollgate.store;

import java.time.Duration;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestRedis;
import io.tollgate.test.TestReplicas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.awaitility.Awaitility.await;

/** Two gateway replicas sharing one real Redis server, which also restarts empty. */
class RedisReplicasIntegrationTests extends RedisReplicasContractTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	RedisReplicasIntegrationTests() {
		super(redis);
	}

	@Test
	void replicaCatchesUpAfterRedisRestartsEvenIfItMissedTheChange() {
		ConfigurableApplicationContext replicaA = this.replicas.start();
		ConfigurableApplicationContext replicaB = this.replicas.start();
		WebClient replicaBClient = TestReplicas.client(replicaB);
		redis.stop();
		redis.start();
		// Redis came back empty; whichever replica reconnects first, B must end up serving what A saves.
		ApiDefinition api = TestApis.deploy(TestApis.withMethod(TestApis.api("shared"), "/hello",
				TestApis.method("GET", TestApis.mock("{\"after\": \"restart\"}"))), "d1", "prod", Map.of());
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.until(() -> replicaA.getBean(ApiStore.class).save(api, ApiStore.ABSENT).block() != null);
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
			.until(() -> "{\"after\": \"restart\"}".equals(body(replicaBClient)));
	}

}
