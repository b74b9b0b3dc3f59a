package io.tollgate.domain;

import io.tollgate.test.TestRedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two gateway replicas on a real three-master Redis Cluster share custom domains. */
class DomainReplicasClusterTests extends DomainReplicasContractTests {

	@RegisterExtension
	static final TestRedisCluster redis = new TestRedisCluster();

	DomainReplicasClusterTests() {
		super(redis);
	}

}
