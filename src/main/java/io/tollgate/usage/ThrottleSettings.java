package io.tollgate.usage;

import io.tollgate.model.ApiModelException;

/**
 * A token bucket (AWS {@code ThrottleSettings}): {@code burstLimit} requests of capacity, refilled at
 * {@code rateLimit} requests per second. A usage plan applies it per API key, over all its stages; an API stage of a
 * plan may refine it per method.
 *
 * @param burstLimit the bucket's capacity
 * @param rateLimit the steady rate, in requests per second
 */
public record ThrottleSettings(int burstLimit, double rateLimit) {

	public ThrottleSettings {
		if (burstLimit < 0) {
			throw ApiModelException.badRequest("Invalid throttle burstLimit: must not be negative");
		}
		if (rateLimit < 0 || Double.isNaN(rateLimit) || Double.isInfinite(rateLimit)) {
			throw ApiModelException.badRequest("Invalid throttle rateLimit: must be a non-negative number");
		}
	}

}
