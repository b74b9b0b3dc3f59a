package io.tollgate.domain;

import io.tollgate.test.TestRedisStores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisDomainStore} on one real Redis server. */
class RedisDomainStoreTests extends RedisDomainStoreContractTests {

	@RegisterExtension
	static final TestRedisStores<RedisDomainStore> stores = new TestRedisStores<>(RedisDomainStore::new);

	@Override
	TestRedisStores<RedisDomainStore> stores() {
		return stores;
	}

}
