package io.tollgate.cache;

import io.tollgate.test.TestRedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway replicas on a real three-master Redis Cluster share their stage cache: entries spread over the
 * masters, and a flush scans every one.
 */
class RedisResponseCacheClusterTests extends RedisResponseCacheContractTests {

	@RegisterExtension
	static final TestRedisCluster redis = new TestRedisCluster();

	@RegisterExtension
	static final CountingBackend backend = new CountingBackend();

	RedisResponseCacheClusterTests() {
		super(redis, backend);
	}

}
