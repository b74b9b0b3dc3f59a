package io.tollgate.usage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How API keys, throttles and quotas are enforced, under {@code tollgate.usage.*}.
 * <p>
 * When Redis fails, each kind of limit follows its own mode: {@link FailureMode#FAIL_OPEN} serves the request without
 * counting it (logged and metered as {@code tollgate.redis.failures}); {@link FailureMode#FAIL_CLOSED} answers
 * {@code 503 {"message":"Service Unavailable"}} ({@code x-amzn-ErrorType: ServiceUnavailableException}). Throttles fail
 * open and quotas fail closed by default: a missed throttle costs a little load, a missed quota gives away what a
 * customer pays for. Recovery needs no restart: the next request tries Redis again.
 *
 * @param defaultRateLimit the gateway-wide throttle's rate in requests per second (AWS's account limit), applied to
 * every method on each replica
 * @param defaultBurstLimit the gateway-wide throttle's burst
 * @param throttleFailureMode what a request whose throttles cannot be checked gets
 * @param quotaFailureMode what a request whose quota cannot be counted gets
 * @param usageRetention how long the per-day usage GetUsage reports is kept
 * @param redisTimeout bound on the limiter's Redis call on the request path; a request waits at most this long
 * before its failure mode applies (while Redis is unreachable the call fails at once)
 * @param redisBatchSize at most this many requests decided by one limiter script: requests that arrive while one
 * is in flight wait for it and go together (exact, as each is decided in turn); 1 sends each request on its own
 * @param redisBatchLinger under load, the least time between two limiter scripts of a replica (per cluster slot):
 * requests waiting for a script that answers sooner are held until then and go with those arriving meanwhile, so
 * that each script decides more of them; a request with nothing in flight goes at once; 0 holds none
 */
@ConfigurationProperties(UsageProperties.PREFIX)
public record UsageProperties(@DefaultValue("10000") double defaultRateLimit,
		@DefaultValue("5000") int defaultBurstLimit, @DefaultValue("fail-open") FailureMode throttleFailureMode,
		@DefaultValue("fail-closed") FailureMode quotaFailureMode, @DefaultValue("90d") Duration usageRetention,
		@DefaultValue("500ms") Duration redisTimeout, @DefaultValue("32") int redisBatchSize,
		@DefaultValue("1ms") Duration redisBatchLinger) {

	public static final String PREFIX = "tollgate.usage";

	public UsageProperties {
		if (defaultRateLimit < 0 || Double.isNaN(defaultRateLimit) || defaultBurstLimit < 0) {
			throw new IllegalArgumentException("tollgate.usage.default-rate-limit and default-burst-limit must not "
					+ "be negative");
		}
		if (redisBatchSize < 1) {
			throw new IllegalArgumentException("tollgate.usage.redis-batch-size must be at least 1");
		}
		if (redisBatchLinger.isNegative() || redisBatchLinger.compareTo(redisTimeout) >= 0) {
			throw new IllegalArgumentException("tollgate.usage.redis-batch-linger must be at least 0 and less than "
					+ "tollgate.usage.redis-timeout");
		}
		if (usageRetention.compareTo(Duration.ofDays(1)) < 0) {
			throw new IllegalArgumentException("tollgate.usage.usage-retention must be at least 1 day");
		}
	}

	/** The gateway-wide throttle as a {@link ThrottleSettings}. */
	public ThrottleSettings defaultThrottle() {
		return new ThrottleSettings(this.defaultBurstLimit, this.defaultRateLimit);
	}

	/** What happens to a request when Redis cannot be asked about one of its limits. */
	public enum FailureMode {

		/** Serve the request; it is not counted. */
		FAIL_OPEN,

		/** Refuse the request with 503 Service Unavailable. */
		FAIL_CLOSED

	}

}
