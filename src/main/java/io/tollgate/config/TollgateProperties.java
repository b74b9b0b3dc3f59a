package io.tollgate.config;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tollgate's application settings, under {@code tollgate.*}. Names follow the operational contract that the chart,
 * the compose file and the tests rely on.
 *
 * @param dataDir directory of the embedded store's JSON files, used when no Redis is configured
 * @param definitionsDir location of definition files (YAML or JSON) loaded at start; a directory path or a
 * Spring resource location such as {@code classpath:samples}; unset loads none
 * @param region AWS region used in ARNs and {@code $context}
 * @param accountId AWS account id used in ARNs and {@code $context}
 * @param defaultApi id of the API served at {@code /{stage}/{path}} when no host or path-style match applies
 * @param redis the shared Redis; without a URL everything runs on embedded defaults
 */
@ConfigurationProperties(TollgateProperties.PREFIX)
public record TollgateProperties(@DefaultValue("./data") Path dataDir, @Nullable String definitionsDir,
		@DefaultValue("us-east-1") String region, @DefaultValue("000000000000") String accountId,
		@Nullable String defaultApi, @DefaultValue Redis redis) {

	public static final String PREFIX = "tollgate";

	/**
	 * @param url Redis URL ({@code redis://host:port/db}, {@code rediss://...}); unset means embedded defaults
	 * @param keyPrefix prefix of every Redis key and channel Tollgate uses
	 * @param commandTimeout bound on every Redis command, so an unresponsive Redis fails fast
	 */
	public record Redis(@Nullable String url, @DefaultValue("tollgate:") String keyPrefix,
			@DefaultValue("2s") Duration commandTimeout) {

		public boolean enabled() {
			return this.url != null && !this.url.isBlank();
		}

	}

}
