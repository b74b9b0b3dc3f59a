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

	/** The key of the setting for one method: the resource path without its leading slash, a slash, the verb. */
	public static String keyFor(String resourcePath, String httpMethod) {
		return resourcePath.substring(1) + "/" + httpMethod;
	}

}
