package io.tollgate.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.config.TollgateProperties;
import io.tollgate.redis.RedisProperties;
import io.tollgate.redis.SharedRedis;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
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

	/** In Redis, shared by replicas, when the shared client exists ({@code tollgate.redis.url}), else Caffeine. */
	@Bean
	ResponseCache responseCache(ObjectProvider<SharedRedis> redis, RedisProperties redisProperties,
			@Qualifier(TICKER_BEAN) ObjectProvider<Ticker> ticker, ObjectProvider<MeterRegistry> meters) {
		SharedRedis client = redis.getIfAvailable();
		if (client != null) {
			logger.info("Stage caches are kept in Redis under the prefix '" + redisProperties.keyPrefix() + "cache:'");
			return new RedisResponseCache(client, redisProperties.commandTimeout(),
					meters.getIfAvailable(SimpleMeterRegistry::new));
		}
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
