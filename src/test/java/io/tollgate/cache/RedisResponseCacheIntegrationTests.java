package io.tollgate.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Stage;
import io.tollgate.store.ApiStore;
import io.tollgate.test.TestRedis;
import io.tollgate.test.TestReplicas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two gateway replicas on one real Redis share their stage cache: what one stored, the other serves. */
class RedisResponseCacheIntegrationTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	@RegisterExtension
	static final CountingBackend backend = new CountingBackend();

	private static final String PREFIX = "cache-test:";

	private static final Pattern CALL = Pattern.compile("\"call\":(\\d+)");

	@RegisterExtension
	static final TestReplicas replicas = new TestReplicas(redis, PREFIX, "--tollgate.admin.port=0",
			"--tollgate.default-api=");

	private static ConfigurableApplicationContext replicaA;

	private static ConfigurableApplicationContext replicaB;

	private static int apis;

	@BeforeAll
	static void startReplicas() {
		replicaA = replicas.start();
		replicaB = replicas.start();
	}

	@Test
	void responseStoredThroughOneReplicaIsAHitOnTheOther() {
		String api = serveOnBoth();
		int first = call(replicaA, api, null);
		int calls = backend.calls();
		assertThat(call(replicaB, api, null)).isEqualTo(first);
		assertThat(backend.calls()).isEqualTo(calls);
	}

	@Test
	void entriesLiveInRedisWithTheMethodTtlAsExpiry() {
		String api = serveOnBoth();
		call(replicaA, api, null);
		try (StatefulRedisConnection<String, String> connection = RedisClient.create(redis.url()).connect()) {
			List<String> keys = connection.sync().keys(PREFIX + "cache:" + api + ":prod:*");
			// The readiness probe's /mock response and the /items response.
			assertThat(keys).hasSize(2);
			for (String key : keys) {
				assertThat(connection.sync().pttl(key)).isBetween(50_000L, 60_000L);
			}
		}
	}

	@Test
	void flushThroughOneReplicaEmptiesTheStageForAll() {
		String api = serveOnBoth();
		int first = call(replicaA, api, null);
		replicaA.getBean(ResponseCache.class).flush(api, "prod").block(Duration.ofSeconds(5));
		assertThat(call(replicaB, api, null)).isGreaterThan(first);
	}

	@Test
	void refreshThroughOneReplicaIsServedByTheOther() {
		String api = serveOnBoth();
		int first = call(replicaA, api, null);
		int refreshed = call(replicaB, api, "max-age=0");
		assertThat(refreshed).isGreaterThan(first);
		// The entry is stored once the body has been written: the client may have it a moment before Redis does.
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> call(replicaA, api, null) == refreshed);
	}

	private static String serveOnBoth() {
		String id = "shared" + (++apis);
		ApiDefinition api = ResponseCacheIntegrationTests.cachedApi(id, backend.url())
			.withStage(new Stage("prod", "d1", null, null,
					Map.of(MethodSetting.ALL_METHODS, ResponseCacheIntegrationTests.cacheControl(false, null)), true,
					"0.5", null, false, null, null, null, null));
		replicaA.getBean(ApiStore.class).save(api, ApiStore.ABSENT).block(Duration.ofSeconds(5));
		for (ConfigurableApplicationContext replica : List.of(replicaA, replicaB)) {
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
