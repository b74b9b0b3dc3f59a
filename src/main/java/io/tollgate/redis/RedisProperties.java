package io.tollgate.redis;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shared Redis, under {@code tollgate.redis.*}; without a URL everything runs on embedded defaults.
 *
 * @param url Redis URL ({@code redis://host:port/db}, {@code rediss://...}); unset means embedded defaults
 * @param keyPrefix prefix of every Redis key and channel Tollgate uses
 * @param commandTimeout bound on every Redis command, so an unresponsive Redis fails fast
 */
@ConfigurationProperties(RedisProperties.PREFIX)
public record RedisProperties(@Nullable String url, @DefaultValue("tollgate:") String keyPrefix,
		@DefaultValue("2s") Duration commandTimeout) {

	public static final String PREFIX = "tollgate.redis";

	public boolean enabled() {
		return this.url != null && !this.url.isBlank();
	}

}
