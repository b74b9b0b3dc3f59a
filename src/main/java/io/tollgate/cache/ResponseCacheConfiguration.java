package io.tollgate.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.config.TollgateProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the stage cache: Redis (shared by every replica) when {@code tollgate.redis.url} is set, Caffeine in process
 * otherwise, and the pipeline step that uses it. A bean named {@value #TICKER_BEAN} replaces the in-process cache's
 * clock (tests move time with it).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResponseCacheProperties.class)
public class ResponseCacheConfiguration {

	public static final String TICKER_BEAN = "responseCacheTicker";

	private static final Log logger = LogFactory.getLog(ResponseCacheConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnExpression("'${tollgate.redis.url:}' != ''")
	static class RedisResponseCacheConfiguration {

		@Bean(destroyMethod = "close")
		RedisResponseCache responseCache(@Qualifier("tollgateRedisClient") RedisClient tollgateRedisClient,
				TollgateProperties properties, ObjectProvider<MeterRegistry> meters) {
			TollgateProperties.Redis redis = properties.redis();
			logger.info("Stage caches are kept in Redis under the prefix '" + redis.keyPrefix() + "cache:'");
			return new RedisResponseCache(tollgateRedisClient, redis.keyPrefix(), redis.commandTimeout(),
					meters.getIfAvailable(SimpleMeterRegistry::new));
		}

	}

	@Bean
	@ConditionalOnExpression("'${tollgate.redis.url:}' == ''")
	CaffeineResponseCache responseCache(@Qualifier(TICKER_BEAN) ObjectProvider<Ticker> ticker) {
		return new CaffeineResponseCache(ticker.getIfAvailable(Ticker::systemTicker));
	}

	@Bean
	ResponseCacheFilterFactory responseCacheFilterFactory(ResponseCache responseCache,
			ResponseCacheProperties cacheProperties, TollgateProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		return new ResponseCacheFilterFactory(responseCache, cacheProperties, properties.region(),
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

}
