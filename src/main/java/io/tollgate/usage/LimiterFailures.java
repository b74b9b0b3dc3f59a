package io.tollgate.usage;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.usage.UsageLimiter.LimitRequest;
import io.tollgate.usage.UsageProperties.FailureMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What a failed {@link UsageLimiter} call (Redis could not be asked) means for a request, wherever it is asked: the
 * REST and HTTP API pipeline ({@link ThrottleAndQuotaFilter}) and the WebSocket route throttles
 * ({@link RouteThrottles}). Served uncounted (fail-open) or refused (fail-closed) as {@code tollgate.usage.*-failure-mode}
 * say for the limits the request has; every failure is counted in {@value MeterNames#REDIS_FAILURES} and logged at
 * most once per interval, so an outage does not flood the log.
 */
final class LimiterFailures {

	private static final Log logger = LogFactory.getLog(LimiterFailures.class);

	private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

	private final UsageProperties properties;

	private final MeterRegistry meters;

	private volatile long lastLogged = System.nanoTime() - LOG_INTERVAL_NANOS;

	LimiterFailures(UsageProperties properties, MeterRegistry meters) {
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * Counts and logs the failure of {@code request}'s limiter call; whether the request is refused: a quota failing
	 * closed or a throttle failing closed refuses it.
	 */
	boolean refuses(LimitRequest request, Throwable error) {
		boolean hasQuota = request.quota() != null && request.quota().quota() != null;
		boolean closed = (hasQuota && this.properties.quotaFailureMode() == FailureMode.FAIL_CLOSED)
				|| (!request.throttles().isEmpty() && this.properties.throttleFailureMode() == FailureMode.FAIL_CLOSED);
		String use = hasQuota ? "quota" : "throttle";
		String outcome = closed ? "fail-closed" : "fail-open";
		this.meters.counter(MeterNames.REDIS_FAILURES, MeterNames.TAG_USE, use, MeterNames.TAG_OUTCOME, outcome)
			.increment();
		log(use, outcome, error);
		return closed;
	}

	private void log(String use, String outcome, Throwable error) {
		long now = System.nanoTime();
		if (now - this.lastLogged >= LOG_INTERVAL_NANOS) {
			this.lastLogged = now;
			logger.warn("Redis failed on the request path (" + use + ", " + outcome + "; logged at most every 10 s, "
					+ "counted in " + MeterNames.REDIS_FAILURES + "): " + error);
		}
	}

}
