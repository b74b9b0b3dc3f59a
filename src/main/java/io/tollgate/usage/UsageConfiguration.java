package io.tollgate.usage;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.config.TollgateProperties;
import io.tollgate.redis.RedisProperties;
import io.tollgate.redis.SharedRedis;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires API keys and usage plans: the {@link UsageStore} and the {@link UsageLimiter} (Redis when
 * {@code tollgate.redis.url} is set, embedded otherwise, as the API store) and the API key and throttle/quota steps
 * of the pipeline; their management operations are wired by the admin package. A {@link Clock} bean, when there is
 * exactly one, dates quota periods and usage days (tests move it); otherwise the system's UTC clock does.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UsageProperties.class)
public class UsageConfiguration {

	private static final Log logger = LogFactory.getLog(UsageConfiguration.class);

	/** Redis when the shared client exists ({@code tollgate.redis.url}), else memory and JSON files. */
	@Bean(destroyMethod = "close")
	UsageStore usageStore(ObjectProvider<SharedRedis> redis, RedisProperties redisProperties,
			TollgateProperties properties) {
		SharedRedis client = redis.getIfAvailable();
		if (client != null) {
			logger.info("API keys and usage plans are stored in Redis under the prefix '" + redisProperties.keyPrefix()
					+ "'");
			return new RedisUsageStore(client, redisProperties.commandTimeout());
		}
		logger.info("No Redis configured: API keys and usage plans are stored in "
				+ properties.dataDir().resolve("usage").toAbsolutePath());
		return new EmbeddedUsageStore(properties.dataDir());
	}

	/** Shared through Redis when the shared client exists, else counted on this node only. */
	@Bean
	UsageLimiter usageLimiter(ObjectProvider<SharedRedis> redis, RedisProperties redisProperties,
			UsageProperties usage, ObjectProvider<Clock> clock) {
		SharedRedis shared = redis.getIfAvailable();
		if (shared != null) {
			logger.info("Throttles and quotas are shared through Redis under the prefix '" + redisProperties.keyPrefix()
					+ "'; on Redis failures throttles " + usage.throttleFailureMode() + ", quotas "
					+ usage.quotaFailureMode());
			return new RedisUsageLimiter(shared.failingFast(usage.redisTimeout()), usage.redisTimeout(), clock(clock),
					usage.usageRetention(), usage.redisBatchSize(), usage.redisBatchLinger());
		}
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

	/** The throttles of WebSocket routes, on the same limiter and gateway-wide throttle. */
	@Bean
	RouteThrottles routeThrottles(GatewayThrottle gatewayThrottle, UsageLimiter limiter, UsageProperties usage,
			ObjectProvider<MeterRegistry> meters) {
		return new RouteThrottles(gatewayThrottle, limiter, usage, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	private static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(Clock::systemUTC);
	}

}
