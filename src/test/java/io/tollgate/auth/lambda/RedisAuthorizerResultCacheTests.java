package io.tollgate.auth.lambda;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.test.TestRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis authorizer result cache against a real Redis: shared by replicas, expiring, flushed per stage. */
class RedisAuthorizerResultCacheTests {

	@RegisterExtension
	static TestRedis redis = new TestRedis();

	private static RedisClient client;

	private static RedisAuthorizerResultCache replicaA;

	private static RedisAuthorizerResultCache replicaB;

	private static final LambdaAuthorizerResult RESULT = LambdaAuthorizerResult.parse(("{\"principalId\":\"alice\","
			+ "\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
			+ "\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"}]},\"context\":{\"role\":\"admin\",\"n\":1},"
			+ "\"usageIdentifierKey\":\"key-0123456789abcdefghij\"}").getBytes(StandardCharsets.UTF_8));

	@BeforeAll
	static void connect() {
		client = RedisClient.create(redis.url());
		replicaA = new RedisAuthorizerResultCache(client, "test:", Duration.ofMillis(500), new SimpleMeterRegistry());
		replicaB = new RedisAuthorizerResultCache(client, "test:", Duration.ofMillis(500), new SimpleMeterRegistry());
	}

	@AfterAll
	static void close() {
		replicaA.close();
		replicaB.close();
		client.shutdown();
	}

	private static AuthorizerCacheKey key(String stage, String token) {
		return AuthorizerCacheKey.of("api1", stage, "auth1", List.of(token));
	}

	@Test
	void resultStoredByOneReplicaIsReadByAnother() {
		AuthorizerCacheKey key = key("prod", "shared-token");
		replicaA.put(key, RESULT, Duration.ofMinutes(5)).block();
		LambdaAuthorizerResult read = replicaB.get(key).block();
		assertThat(read).isNotNull();
		assertThat(read.principalId()).isEqualTo("alice");
		assertThat(read.context()).containsEntry("role", "admin").containsEntry("n", "1");
		assertThat(read.usageIdentifierKey()).isEqualTo("key-0123456789abcdefghij");
	}

	@Test
	void keysHoldNoTokenAndExpireWithTheTtl() {
		AuthorizerCacheKey key = key("prod", "secret-token-value");
		replicaA.put(key, RESULT, Duration.ofMillis(300)).block();
		try (var connection = client.connect()) {
			List<String> keys = connection.sync().keys("test:authorizer:*");
			assertThat(keys).isNotEmpty().noneMatch((name) -> name.contains("secret-token-value"));
			assertThat(connection.sync().pttl("test:authorizer:" + key.asString())).isBetween(1L, 300L);
		}
		Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> replicaB.get(key).block() == null);
	}

	@Test
	void flushForgetsOnlyThatStage() {
		AuthorizerCacheKey prod = key("prod", "t1");
		AuthorizerCacheKey dev = key("dev", "t1");
		replicaA.put(prod, RESULT, Duration.ofMinutes(5)).block();
		replicaA.put(dev, RESULT, Duration.ofMinutes(5)).block();
		assertThat(replicaA.get(prod).block()).as("kept in replica A's memory").isNotNull();
		replicaB.flushStage("api1", "prod").block();
		// The flush reaches replica A's in-memory copies through pub/sub.
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> replicaA.get(prod).block() == null);
		assertThat(replicaA.get(dev).block()).isNotNull();
	}

	@Test
	void aReplicaAnswersFromMemoryWithoutRedisOnceItHasSeenAResult() {
		AuthorizerCacheKey key = key("prod", "near");
		replicaA.put(key, RESULT, Duration.ofMinutes(5)).block();
		assertThat(replicaB.get(key).block()).as("read through Redis").isNotNull();
		redis.stop();
		try {
			assertThat(replicaA.get(key).block()).isNotNull();
			assertThat(replicaB.get(key).block()).isNotNull();
		}
		finally {
			redis.start();
		}
	}

	@Test
	void embeddedCacheFlushesByStageToo() {
		EmbeddedAuthorizerResultCache embedded = new EmbeddedAuthorizerResultCache(100);
		embedded.put(key("prod", "t"), RESULT, Duration.ofMinutes(5)).block();
		embedded.put(key("dev", "t"), RESULT, Duration.ofMinutes(5)).block();
		embedded.flushStage("api1", "prod").block();
		assertThat(embedded.get(key("prod", "t")).block()).isNull();
		assertThat(embedded.get(key("dev", "t")).block()).isNotNull();
	}

	@Test
	void unavailableRedisIsAMissNotAnErrorAndRecovers() {
		redis.stop();
		try {
			RedisAuthorizerResultCache cache = replicaA;
			assertThat(cache.get(key("prod", "any")).block()).isNull();
			cache.put(key("prod", "any"), RESULT, Duration.ofMinutes(1)).block();
		}
		finally {
			redis.start();
		}
		// Recovers by itself once Redis is back.
		AuthorizerCacheKey key = key("prod", "after-restart");
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> replicaA.put(key, RESULT, Duration.ofMinutes(1)).then(replicaB.get(key)).block() != null);
	}

}
