package io.tollgate.auth.lambda;

import java.time.Duration;

import io.tollgate.test.TestRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis authorizer result cache against one real Redis server, which also goes away and comes back. */
class RedisAuthorizerResultCacheTests extends RedisAuthorizerResultCacheContractTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	RedisAuthorizerResultCacheTests() {
		super(redis);
	}

	@Test
	void aReplicaAnswersFromMemoryWithoutRedisOnceItHasSeenAResult() {
		AuthorizerCacheKey key = key("prod", "near");
		this.replicaA.put(key, RESULT, Duration.ofMinutes(5)).block();
		assertThat(this.replicaB.get(key).block()).as("read through Redis").isNotNull();
		redis.stop();
		try {
			assertThat(this.replicaA.get(key).block()).isNotNull();
			assertThat(this.replicaB.get(key).block()).isNotNull();
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
			RedisAuthorizerResultCache cache = this.replicaA;
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
			.until(() -> this.replicaA.put(key, RESULT, Duration.ofMinutes(1)).then(this.replicaB.get(key)).block()
					!= null);
	}

}
