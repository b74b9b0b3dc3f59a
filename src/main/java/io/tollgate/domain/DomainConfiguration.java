package io.tollgate.domain;

import io.lettuce.core.RedisClient;
import io.tollgate.config.TollgateProperties;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires custom domain names: the {@link DomainStore} (Redis when {@code tollgate.redis.url} is set, beside the API
 * store, else a file in the data directory) and the {@link DomainRegistry} the data plane resolves hosts with.
 */
@Configuration(proxyBeanMethods = false)
public class DomainConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnExpression("'${tollgate.redis.url:}' != ''")
	DomainStore redisDomainStore(@Qualifier("tollgateRedisClient") RedisClient client,
			TollgateProperties properties) {
		return new RedisDomainStore(client, properties.redis().keyPrefix(), properties.redis().commandTimeout());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnExpression("'${tollgate.redis.url:}' == ''")
	DomainStore embeddedDomainStore(TollgateProperties properties) {
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
