package io.tollgate.domain;

import io.tollgate.test.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two gateway replicas on one real Redis server share custom domains. */
class DomainReplicasIntegrationTests extends DomainReplicasContractTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	DomainReplicasIntegrationTests() {
		super(redis);
	}

}
