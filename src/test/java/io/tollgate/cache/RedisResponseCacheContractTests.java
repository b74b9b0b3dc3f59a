package io.tollgate.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.resource.ClientResources;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Stage;
import io.tollgate.redis.RedisConnection;
import io.tollgate.redis.SharedRedis;
import io.tollgate.store.ApiStore;
import io.tollgate.test.TestRedisDeployment;
import io.tollgate.test.TestReplicas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway replicas on a real Redis, one server or a cluster, share their stage cache: what one stored, the other
 * serves, and a flush through one empties the stage for both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisResponseCacheContractTests {

	private static final String PREFIX = "cache-test:";

	private static final Pattern CALL = Pattern.compile("\"call\":(\\d+)");

	private final TestRedisDeployment redis;

	private final CountingBackend backend;

	private final TestReplicas replicas;

	private ConfigurableApplicationContext replicaA;

	private ConfigurableApplicationContext replicaB;

	private int apis;

	RedisResponseCacheContractTests(TestRedisDeployment redis, CountingBackend backend) {
		this.redis = redis;
		this.backend = backend;
		this.replicas = new TestReplicas(redis, PREFIX, "--tollgate.admin.port=0", "--tollgate.default-api=");
	}

	@BeforeAll
	void startReplicas() {
		this.replicaA = this.replicas.start();
		this.replicaB = this.replicas.start();
	}

	@AfterAll
	void closeReplicas() {
		this.replicas.close();
	}

	@Test
	void responseStoredThroughOneReplicaIsAHitOnTheOther() {
		String api = serveOnBoth();
		int first = call(this.replicaA, api, null);
		int calls = this.backend.calls();
		assertThat(call(this.replicaB, api, null)).isEqualTo(first);
		assertThat(this.backend.calls()).isEqualTo(calls);
	}

	@Test
	void entriesLiveInRedisWithTheMethodTtlAsExpiry() {
		String api = serveOnBoth();
		call(this.replicaA, api, null);
		ClientResources resources = ClientResources.create();
		try (SharedRedis shared = this.redis.open(resources, PREFIX, Duration.ofSeconds(2));
				RedisConnection<String, String> connection = shared.connect(Duration.ofSeconds(2))) {
			// On a cluster, KEYS runs on every master.
			List<String> keys = connection.sync().keys(PREFIX + "cache:" + api + ":prod:*");
			// The readiness probe's /mock response and the /items response.
			assertThat(keys).hasSize(2);
			for (String key : keys) {
				assertThat(connection.sync().pttl(key)).isBetween(50_000L, 60_000L);
			}
		}
		finally {
			resources.shutdown();
		}
	}

	@Test
	void flushThroughOneReplicaEmptiesTheStageForAll() {
		String api = serveOnBoth();
		int first = call(this.replicaA, api, null);
		this.replicaA.getBean(ResponseCache.class).flush(api, "prod").block(Duration.ofSeconds(5));
		assertThat(call(this.replicaB, api, null)).isGreaterThan(first);
	}

	@Test
	void refreshThroughOneReplicaIsServedByTheOther() {
		String api = serveOnBoth();
		int first = call(this.replicaA, api, null);
		int refreshed = call(this.replicaB, api, "max-age=0");
		assertThat(refreshed).isGreaterThan(first);
		// The entry is stored once the body has been written: the client may have it a moment before Redis does.
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> call(this.replicaA, api, null) == refreshed);
	}

	private String serveOnBoth() {
		String id = "shared" + (++this.apis);
		ApiDefinition api = ResponseCacheIntegrationTests.cachedApi(id, this.backend.url())
			.withStage(new Stage("prod", "d1", null, null,
					Map.of(MethodSetting.ALL_METHODS, ResponseCacheIntegrationTests.cacheControl(false, null)), true,
					"0.5", null, false, null, null, null, null));
		this.replicaA.getBean(ApiStore.class).save(api, ApiStore.ABSENT).block(Duration.ofSeconds(5));
		for (ConfigurableApplicationContext replica : List.of(this.replicaA, this.replicaB)) {
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> status(replica, id, "/mock") == 200);
		}
		return id;
	}

	private static int status(ConfigurableApplicationContext replica, String api, String path) {
		return TestReplicas.client(replica).get()
			.uri(ResponseCacheIntegrationTests.invokePath(api, path))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(5));
	}

	private static int call(ConfigurableApplicationContext replica, String api, String cacheControl) {
		String body = TestReplicas.client(replica).get()
			.uri(ResponseCacheIntegrationTests.invokePath(api, "/items"))
			.headers((headers) -> {
				if (cacheControl != null) {
					headers.set("Cache-Control", cacheControl);
				}
			})
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(5));
		Matcher matcher = CALL.matcher(body);
		assertThat(matcher.find()).as(body).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

}
