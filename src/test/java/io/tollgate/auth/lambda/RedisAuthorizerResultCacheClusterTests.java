package io.tollgate.auth.lambda;

import io.tollgate.test.TestRedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis authorizer result cache on a real three-master Redis Cluster. */
class RedisAuthorizerResultCacheClusterTests extends RedisAuthorizerResultCacheContractTests {

	@RegisterExtension
	static final TestRedisCluster redis = new TestRedisCluster();

	RedisAuthorizerResultCacheClusterTests() {
		super(redis);
	}

}
