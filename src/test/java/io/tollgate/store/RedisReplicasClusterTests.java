package io.tollgate.store;

import io.tollgate.test.TestRedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two gateway replicas sharing a real three-master Redis Cluster: the API store and its change feed. */
class RedisReplicasClusterTests extends RedisReplicasContractTests {

	@RegisterExtension
	static final TestRedisCluster redis = new TestRedisCluster();

	RedisReplicasClusterTests() {
		super(redis);
	}

}
