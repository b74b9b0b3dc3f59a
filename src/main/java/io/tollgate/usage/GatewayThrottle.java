package io.tollgate.usage;

import io.github.bucket4j.local.LocalBucket;
import org.jspecify.annotations.Nullable;

/**
 * The gateway-wide throttle, AWS's account limit per Region (10,000 requests per second, burst 5,000, by default):
 * one lock-free Bucket4j local bucket per replica that every request takes a token from. It is per replica on
 * purpose: it guards the replica, checking it costs no Redis round trip, and with N replicas the cluster admits up to
 * N times the configured figures.
 */
public final class GatewayThrottle {

	private final ThrottleSettings settings;

	private final @Nullable LocalBucket bucket;

	public GatewayThrottle(ThrottleSettings settings) {
		this.settings = settings;
		this.bucket = TokenBuckets.local(settings);
	}

	/** Takes a token; {@code false} when the bucket is empty. */
	public boolean tryAcquire() {
		return this.bucket != null && this.bucket.tryConsume(1);
	}

	public ThrottleSettings settings() {
		return this.settings;
	}

}
