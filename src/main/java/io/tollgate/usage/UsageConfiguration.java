package io.tollgate.usage;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.tollgate.admin.ApiKeyHandler;
import io.tollgate.admin.UsagePlanHandler;
import io.tollgate.config.TollgateProperties;
import io.tollgate.store.ApiStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires API keys and usage plans: the {@link UsageStore} (Redis when {@code tollgate.redis.url} is set, embedded in
 * {@code tollgate.data-dir} otherwise, as the API store) and their management operations.
 */
@Configuration(proxyBeanMethods = false)
public class UsageConfiguration {

	private static final Log logger = LogFactory.getLog(UsageConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnExpression("'${tollgate.redis.url:}' != ''")
	static class RedisUsageStoreConfiguration {

		/** Shares the API store's client ({@code tollgateRedisClient}) when there is one, else makes its own. */
		@Bean(destroyMethod = "close")
		UsageStore usageStore(@Qualifier("tollgateRedisClient") ObjectProvider<RedisClient> sharedClient,
				TollgateProperties properties) {
			TollgateProperties.Redis redis = properties.redis();
			logger.info("API keys and usage plans are stored in Redis under the prefix '" + redis.keyPrefix() + "'");
			RedisClient shared = sharedClient.getIfAvailable();
			if (shared != null) {
				return new RedisUsageStore(shared, redis.keyPrefix(), redis.commandTimeout());
			}
			RedisClient own = RedisClient.create(redis.url());
			own.setOptions(ClientOptions.builder()
				.timeoutOptions(TimeoutOptions.enabled(redis.commandTimeout()))
				.build());
			return RedisUsageStore.owning(own, redis.keyPrefix(), redis.commandTimeout());
		}

	}

	@Bean(destroyMethod = "close")
	@ConditionalOnExpression("'${tollgate.redis.url:}' == ''")
	UsageStore embeddedUsageStore(TollgateProperties properties) {
		logger.info("No Redis configured: API keys and usage plans are stored in "
				+ properties.dataDir().resolve("usage").toAbsolutePath());
		return new EmbeddedUsageStore(properties.dataDir());
	}

	@Bean
	ApiKeyHandler apiKeyHandler(UsageStore usageStore, ApiStore apiStore) {
		return new ApiKeyHandler(usageStore, apiStore);
	}

	@Bean
	UsagePlanHandler usagePlanHandler(UsageStore usageStore, ApiStore apiStore) {
		return new UsagePlanHandler(usageStore, apiStore);
	}

}
