package io.tollgate.auth.lambda;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.redis.RedisConnection;
import io.tollgate.redis.SharedRedis;
import io.tollgate.test.TestRedisDeployment;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Redis authorizer result cache does on any Redis, one server or a cluster: shared by replicas, expiring,
 * flushed per stage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisAuthorizerResultCacheContractTests {

	static final Duration TIMEOUT = Duration.ofMillis(500);

	static final LambdaAuthorizerResult RESULT = LambdaAuthorizerResult.parse(("{\"principalId\":\"alice\","
			+ "\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
			+ "\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"}]},\"context\":{\"role\":\"admin\",\"n\":1},"
			+ "\"usageIdentifierKey\":\"key-0123456789abcdefghij\"}").getBytes(StandardCharsets.UTF_8));

	private final TestRedisDeployment redis;

	private ClientResources resources;

	private SharedRedis shared;

	private RedisConnection<String, String> connection;

	RedisAuthorizerResultCache replicaA;

	RedisAuthorizerResultCache replicaB;

	RedisAuthorizerResultCacheContractTests(TestRedisDeployment redis) {
		this.redis = redis;
	}

	@BeforeAll
	void connect() {
		this.resources = ClientResources.create();
		this.shared = this.redis.open(this.resources, "test:", TIMEOUT);
		this.connection = this.shared.connect(TIMEOUT);
		this.replicaA = new RedisAuthorizerResultCache(this.shared, TIMEOUT, new SimpleMeterRegistry());
		this.replicaB = new RedisAuthorizerResultCache(this.shared, TIMEOUT, new SimpleMeterRegistry());
	}

	@AfterAll
	void close() {
		this.replicaA.close();
		this.replicaB.close();
		this.connection.close();
		this.shared.close();
		this.resources.shutdown();
	}

	static AuthorizerCacheKey key(String stage, String token) {
		return AuthorizerCacheKey.of("api1", stage, "auth1", List.of(token));
	}

	@Test
	void resultStoredByOneReplicaIsReadByAnother() {
		AuthorizerCacheKey key = key("prod", "shared-token");
		this.replicaA.put(key, RESULT, Duration.ofMinutes(5)).block();
		LambdaAuthorizerResult read = this.replicaB.get(key).block();
		assertThat(read).isNotNull();
		assertThat(read.principalId()).isEqualTo("alice");
		assertThat(read.context()).containsEntry("role", "admin").containsEntry("n", "1");
		assertThat(read.usageIdentifierKey()).isEqualTo("key-0123456789abcdefghij");
	}

	@Test
	void keysHoldNoTokenAndExpireWithTheTtl() {
		AuthorizerCacheKey key = key("prod", "secret-token-value");
		// Long enough that a loaded machine still finds the key before it expires, short enough to see it go.
		Duration ttl = Duration.ofMillis(1500);
		this.replicaA.put(key, RESULT, ttl).block();
		List<String> keys = this.connection.sync().keys("test:authorizer:*");
		assertThat(keys).isNotEmpty().noneMatch((name) -> name.contains("secret-token-value"));
		assertThat(this.connection.sync().pttl("test:authorizer:" + key.asString())).isBetween(1L, ttl.toMillis());
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.replicaB.get(key).block() == null);
	}

	@Test
	void flushForgetsOnlyThatStage() {
		AuthorizerCacheKey prod = key("prod", "t1");
		AuthorizerCacheKey dev = key("dev", "t1");
		this.replicaA.put(prod, RESULT, Duration.ofMinutes(5)).block();
		this.replicaA.put(dev, RESULT, Duration.ofMinutes(5)).block();
		assertThat(this.replicaA.get(prod).block()).as("kept in replica A's memory").isNotNull();
		this.replicaB.flushStage("api1", "prod").block();
		// The flush reaches replica A's in-memory copies through pub/sub.
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> this.replicaA.get(prod).block() == null);
		assertThat(this.replicaA.get(dev).block()).isNotNull();
	}

}
