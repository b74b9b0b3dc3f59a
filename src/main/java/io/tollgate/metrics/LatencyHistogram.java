package io.tollgate.metrics;

import java.time.Duration;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Timer;

/**
 * The buckets of Tollgate's latency timers (REST and HTTP API requests and integrations, WebSocket integrations), up
 * to API Gateway's longest integration timeout (29 s): enough for p50, p90 and p99 through
 * {@code histogram_quantile}, at a quarter of the series of Micrometer's default percentile histogram (69 buckets),
 * which matters with a timer per method and status class.
 */
public final class LatencyHistogram {

	private static final Duration[] BUCKETS = Stream
		.of(1, 2, 5, 10, 25, 50, 75, 100, 150, 250, 500, 750, 1000, 2500, 5000, 10000, 29000)
		.map(Duration::ofMillis)
		.toArray(Duration[]::new);

	private LatencyHistogram() {
	}

	/** The timer with the latency buckets, exported as {@code _bucket} series. */
	public static Timer.Builder of(Timer.Builder builder) {
		return builder.serviceLevelObjectives(BUCKETS);
	}

}
