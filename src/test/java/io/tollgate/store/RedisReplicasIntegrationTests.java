package io.tollgate.store;

import java.time.Duration;
import java.util.Map;

import io.tollgate.TollgateApplication;
import io.tollgate.model.ApiDefinition;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two gateway replicas sharing one real Redis: a change made through one is served by the other within 1 s. */
class RedisReplicasIntegrationTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	private ConfigurableApplicationContext replicaA;

	private ConfigurableApplicationContext replicaB;

	@AfterEach
	void stopReplicas() {
		if (this.replicaA != null) {
			this.replicaA.close();
		}
		if (this.replicaB != null) {
			this.replicaB.close();
		}
	}

	@Test
	void changeThroughOneReplicaIsServedByTheOtherWithinOneSecond() {
		this.replicaA = start();
		this.replicaB = start();
		ApiStore storeA = this.replicaA.getBean(ApiStore.class);
		WebClient replicaBClient = WebClient.create("http://127.0.0.1:" + port(this.replicaB));

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
		this.replicaA = start();
		ApiDefinition api = TestApis.deploy(TestApis.withMethod(TestApis.api("early"), "/hello",
				TestApis.method("GET", TestApis.mock("{\"early\": true}"))), "d1", "prod", Map.of());
		this.replicaA.getBean(ApiStore.class).save(api, ApiStore.ABSENT).block();
		this.replicaB = start();
		assertThat(WebClient.create("http://127.0.0.1:" + port(this.replicaB))
			.get()
			.uri("/restapis/early/prod/_user_request_/hello")
			.retrieve()
			.bodyToMono(String.class)
			.block()).isEqualTo("{\"early\": true}");
	}

	@Test
	void replicaCatchesUpAfterRedisRestartsEvenIfItMissedTheChange() {
		this.replicaA = start();
		this.replicaB = start();
		WebClient replicaBClient = WebClient.create("http://127.0.0.1:" + port(this.replicaB));
		redis.stop();
		redis.start();
		// Redis came back empty; whichever replica reconnects first, B must end up serving what A saves.
		ApiDefinition api = TestApis.deploy(TestApis.withMethod(TestApis.api("shared"), "/hello",
				TestApis.method("GET", TestApis.mock("{\"after\": \"restart\"}"))), "d1", "prod", Map.of());
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.until(() -> this.replicaA.getBean(ApiStore.class).save(api, ApiStore.ABSENT).block() != null);
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
			.until(() -> "{\"after\": \"restart\"}".equals(body(replicaBClient)));
	}

	private static String body(WebClient client) {
		try {
			return client.get().uri("/restapis/shared/prod/_user_request_/hello").retrieve().bodyToMono(String.class)
				.block(Duration.ofSeconds(1));
		}
		catch (WebClientResponseException ex) {
			return ex.getResponseBodyAsString();
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(TollgateApplication.class).run("--server.port=0",
				"--management.server.port=0", "--tollgate.redis.url=" + redis.url(),
				"--tollgate.redis.key-prefix=replicas-test:");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
