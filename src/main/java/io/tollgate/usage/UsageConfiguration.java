package io.tollgate.usage;

import java.time.Clock;
import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.admin.ApiKeyHandler;
import io.tollgate.admin.UsageHandler;
import io.tollgate.admin.UsagePlanHandler;
import io.tollgate.config.TollgateProperties;
import io.tollgate.store.ApiStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires API keys and usage plans: the {@link UsageStore} and the {@link UsageLimiter} (Redis when
 * {@code tollgate.redis.url} is set, embedded otherwise, as the API store), the API key and throttle/quota steps of
 * the pipeline, and their management operations. A {@link Clock} bean, when there is exactly one, dates quota
 * periods and usage days (tests move it); otherwise the system's UTC clock does.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UsageProperties.class)
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

		@Bean(destroyMethod = "close")
		UsageLimiter usageLimiter(@Qualifier("tollgateRedisClient") ObjectProvider<RedisClient> sharedClient,
				TollgateProperties properties, UsageProperties usage, ObjectProvider<Clock> clock) {
			TollgateProperties.Redis redis = properties.redis();
			RedisClient shared = sharedClient.getIfAvailable();
			logger.info("Throttles and quotas are shared through Redis under the prefix '" + redis.keyPrefix()
					+ "'; on Redis failures throttles " + usage.throttleFailureMode() + ", quotas "
					+ usage.quotaFailureMode());
			ClientResources resources = (shared != null) ? shared.getResources() : null;
			return new RedisUsageLimiter(resources, redis.url(), redis.keyPrefix(), usage.redisTimeout(),
					clock(clock), usage.usageRetention());
		}

	}

	@Bean
	@ConditionalOnExpression("'${tollgate.redis.url:}' == ''")
	UsageLimiter embeddedUsageLimiter(UsageProperties usage, ObjectProvider<Clock> clock) {
		logger.info("No Redis configured: throttles and quotas are counted on this node only");
		return new EmbeddedUsageLimiter(clock(clock), usage.usageRetention());
	}

	@Bean(destroyMethod = "close")
	ApiKeyIndex apiKeyIndex(UsageStore usageStore) {
		ApiKeyIndex index = new ApiKeyIndex(usageStore);
		if (!index.awaitFirstLoad(Duration.ofSeconds(10))) {
			logger.warn("API keys and usage plans are still being read: keyed methods answer 403 until they are");
		}
		return index;
	}

	@Bean
	GatewayThrottle gatewayThrottle(UsageProperties usage) {
		return new GatewayThrottle(usage.defaultThrottle());
	}

	@Bean
	UsageFilterFactory usageFilterFactory(ApiKeyIndex index, GatewayThrottle gatewayThrottle, UsageLimiter limiter,
			UsageProperties usage, ObjectProvider<MeterRegistry> meters) {
		return new UsageFilterFactory(index, gatewayThrottle, limiter, usage,
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	UsageHandler usageHandler(UsageStore usageStore, UsageLimiter limiter, ObjectProvider<Clock> clock) {
		return new UsageHandler(usageStore, limiter, clock(clock));
	}

	private static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(Clock::systemUTC);
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
