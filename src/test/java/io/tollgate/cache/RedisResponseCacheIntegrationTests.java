package io.tollgate.cache;

import io.tollgate.test.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two gateway replicas on one real Redis server share their stage cache. */
class RedisResponseCacheIntegrationTests extends RedisResponseCacheContractTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	@RegisterExtension
	static final CountingBackend backend = new CountingBackend();

	RedisResponseCacheIntegrationTests() {
		super(redis, backend);
	}

}
