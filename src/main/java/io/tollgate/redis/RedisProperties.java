package io.tollgate.redis;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shared Redis, under {@code tollgate.redis.*}; without a URL everything runs on embedded defaults.
 *
 * @param url Redis URL ({@code redis://host:port/db}, {@code rediss://user:password@host:port}); unset means
 * embedded defaults. With {@code cluster}, one or more seed nodes: {@code redis://host1:port1,host2:port2}
 * @param keyPrefix prefix of every Redis key and channel Tollgate uses
 * @param commandTimeout bound on every Redis command, so an unresponsive Redis fails fast
 * @param cluster whether {@code url} names nodes of a Redis Cluster (cluster mode enabled) rather than one server
 * @param clusterRefreshPeriod how often the cluster's topology is read again, besides at once on a redirection or a
 * lost connection
 */
@ConfigurationProperties(RedisProperties.PREFIX)
public record RedisProperties(@Nullable String url, @DefaultValue("tollgate:") String keyPrefix,
		@DefaultValue("2s") Duration commandTimeout, @DefaultValue("false") boolean cluster,
		@DefaultValue("60s") Duration clusterRefreshPeriod) {

	public static final String PREFIX = "tollgate.redis";

	public boolean enabled() {
		return this.url != null && !this.url.isBlank();
	}

}
