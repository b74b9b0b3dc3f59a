package io.tollgate.usage;

import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.LocalBucket;
import org.jspecify.annotations.Nullable;

/**
 * AWS throttle settings as token buckets: capacity {@code burstLimit}, refilled continuously at {@code rateLimit}
 * tokens per second (fractional rates are kept exact to a thousandth of a request per second), one token per
 * request.
 */
final class TokenBuckets {

	/** How long an untouched bucket of a rate-0 throttle lives: it never refills, so it cannot expire exactly. */
	static final Duration NO_REFILL_EXPIRY = Duration.ofDays(7);

	private static final Duration MAX_EXPIRY = Duration.ofDays(30);

	private TokenBuckets() {
	}

	/** A Bucket4j local bucket, full; {@code null} for a burst of 0, which admits nothing. */
	static @Nullable LocalBucket local(ThrottleSettings settings) {
		if (settings.burstLimit() == 0) {
			return null;
		}
		long tokens = Math.max(1, Math.round(settings.rateLimit() * 1000));
		Duration period = (settings.rateLimit() > 0) ? Duration.ofNanos(Math.round(tokens / settings.rateLimit() * 1e9))
				: Duration.ofDays(36_500);
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(settings.burstLimit()).refillGreedy(tokens, period))
			.build();
	}

	/**
	 * How long a bucket may go unused before it is dropped: the time it takes to refill completely (plus a second),
	 * after which a fresh, full bucket is the same thing.
	 */
	static Duration idleExpiry(ThrottleSettings settings) {
		if (settings.rateLimit() <= 0) {
			return NO_REFILL_EXPIRY;
		}
		double millis = Math.ceil(settings.burstLimit() / settings.rateLimit() * 1000) + 1000;
		return (millis >= MAX_EXPIRY.toMillis()) ? MAX_EXPIRY : Duration.ofMillis((long) millis);
	}

}
