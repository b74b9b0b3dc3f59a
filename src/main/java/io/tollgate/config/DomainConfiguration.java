package io.tollgate.config;

import io.tollgate.domain.DomainDefinitionFiles;
import io.tollgate.domain.DomainRegistry;
import io.tollgate.domain.DomainStore;
import io.tollgate.domain.EmbeddedDomainStore;
import io.tollgate.domain.RedisDomainStore;
import io.tollgate.redis.RedisProperties;
import io.tollgate.redis.SharedRedis;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires custom domain names: the {@link DomainStore} (Redis when {@code tollgate.redis.url} is set, beside the API
 * store, else a file in the data directory) and the {@link DomainRegistry} the data plane resolves hosts with.
 */
@Configuration(proxyBeanMethods = false)
public class DomainConfiguration {

	/** Redis beside the API store when the shared client exists ({@code tollgate.redis.url}), else a file. */
	@Bean(destroyMethod = "close")
	DomainStore domainStore(ObjectProvider<SharedRedis> redis, RedisProperties redisProperties,
			TollgateProperties properties) {
		SharedRedis client = redis.getIfAvailable();
		if (client != null) {
			return new RedisDomainStore(client, redisProperties.commandTimeout());
		}
		return new EmbeddedDomainStore(properties.dataDir());
	}

	@Bean
	@ConditionalOnProperty(prefix = TollgateProperties.PREFIX, name = "definitions-dir")
	DomainDefinitionFiles domainDefinitionFiles(DomainStore domainStore, TollgateProperties properties) {
		return new DomainDefinitionFiles(domainStore, properties.definitionsDir());
	}

	@Bean
	DomainRegistry domainRegistry(DomainStore domainStore) {
		return new DomainRegistry(domainStore);
	}

}
