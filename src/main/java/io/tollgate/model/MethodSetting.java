package io.tollgate.model;

import org.jspecify.annotations.Nullable;

/**
 * Per-method settings of a stage (AWS {@code MethodSetting}), keyed in {@link Stage#methodSettings()} by
 * {@code *}{@code /*} or {@code {resourcePath without leading /}/{METHOD}}. Unset fields inherit.
 */
public record MethodSetting(@Nullable Boolean metricsEnabled, @Nullable String loggingLevel,
		@Nullable Boolean dataTraceEnabled, @Nullable Integer throttlingBurstLimit,
		@Nullable Double throttlingRateLimit, @Nullable Boolean cachingEnabled, @Nullable Integer cacheTtlInSeconds,
		@Nullable Boolean cacheDataEncrypted, @Nullable Boolean requireAuthorizationForCacheControl,
		@Nullable String unauthorizedCacheControlHeaderStrategy) {

	/** The key of the setting that applies to every method. */
	public static final String ALL_METHODS = "*/*";

	public MethodSetting {
		if (throttlingBurstLimit != null && throttlingBurstLimit < 0) {
			throw ApiModelException.badRequest("throttlingBurstLimit must be non-negative");
		}
		if (throttlingRateLimit != null && (throttlingRateLimit < 0 || throttlingRateLimit.isNaN())) {
			throw ApiModelException.badRequest("throttlingRateLimit must be non-negative");
		}
		if (cacheTtlInSeconds != null && (cacheTtlInSeconds < 0 || cacheTtlInSeconds > 3600)) {
			throw ApiModelException.badRequest("cacheTtlInSeconds must be between 0 and 3600");
		}
	}

	/** This setting with each unset field taken from {@code defaults} (the stage's {@code *}{@code /*} setting). */
	public MethodSetting inheriting(@Nullable MethodSetting defaults) {
		if (defaults == null) {
			return this;
		}
		return new MethodSetting(or(this.metricsEnabled, defaults.metricsEnabled),
				or(this.loggingLevel, defaults.loggingLevel), or(this.dataTraceEnabled, defaults.dataTraceEnabled),
				or(this.throttlingBurstLimit, defaults.throttlingBurstLimit),
				or(this.throttlingRateLimit, defaults.throttlingRateLimit),
				or(this.cachingEnabled, defaults.cachingEnabled), or(this.cacheTtlInSeconds, defaults.cacheTtlInSeconds),
				or(this.cacheDataEncrypted, defaults.cacheDataEncrypted),
				or(this.requireAuthorizationForCacheControl, defaults.requireAuthorizationForCacheControl),
				or(this.unauthorizedCacheControlHeaderStrategy, defaults.unauthorizedCacheControlHeaderStrategy));
	}

	private static <T> @Nullable T or(@Nullable T value, @Nullable T fallback) {
		return (value != null) ? value : fallback;
	}

	/** The key of the setting for one method: the resource path without its leading slash, a slash, the verb. */
	public static String keyFor(String resourcePath, String httpMethod) {
		return resourcePath.substring(1) + "/" + httpMethod;
	}

}
