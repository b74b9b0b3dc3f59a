package io.tollgate.domain;

import io.tollgate.test.TestRedisCluster;
import io.tollgate.test.TestRedisStores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisDomainStore} on a real three-master Redis Cluster. */
class RedisDomainStoreClusterTests extends RedisDomainStoreContractTests {

	@RegisterExtension
	static final TestRedisStores<RedisDomainStore> stores = new TestRedisStores<>(new TestRedisCluster(),
			RedisDomainStore::new);

	@Override
	TestRedisStores<RedisDomainStore> stores() {
		return stores;
	}

}
