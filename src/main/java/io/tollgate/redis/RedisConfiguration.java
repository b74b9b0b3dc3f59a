package io.tollgate.redis;

import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link SharedRedis}, {@value #CLIENT_BEAN}, when {@code tollgate.redis.url} is set (one server, or a cluster
 * with {@code tollgate.redis.cluster}). This is the one place that decides whether Redis is configured: every store,
 * cache and limiter takes it when it exists (an {@code ObjectProvider<SharedRedis>}) and falls back to its embedded
 * implementation when it does not.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisProperties.class)
public class RedisConfiguration {

	public static final String CLIENT_BEAN = "tollgateRedisClient";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnExpression("'${" + RedisProperties.PREFIX + ".url:}' != ''")
	static class SharedClientConfiguration {

		/**
		 * Lettuce's resources, timing every Redis command into Micrometer ({@code lettuce.command.*}), and writing the
		 * commands that concurrent requests send in the same turn of a connection's event loop with one flush (one
		 * system call) rather than one each.
		 */
		@Bean(destroyMethod = "shutdown")
		ClientResources tollgateRedisClientResources(MeterRegistry meterRegistry) {
			return ClientResources.builder()
				// Count, sum and max per command type: a histogram per command type would add thousands of series.
				.commandLatencyRecorder(new MicrometerCommandLatencyRecorder(meterRegistry, MicrometerOptions.create()))
				.nettyCustomizer(new NettyCustomizer() {

					@Override
					public void afterChannelInitialized(Channel channel) {
						channel.pipeline()
							.addFirst(new FlushConsolidationHandler(
									FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
					}

				})
				.build();
		}

		@Bean(name = CLIENT_BEAN, destroyMethod = "close")
		SharedRedis tollgateRedisClient(RedisProperties properties, ClientResources tollgateRedisClientResources) {
			return SharedRedis.create(tollgateRedisClientResources, properties);
		}

	}

}
