package io.tollgate.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one deployed method, resolved when its route is built: a request timer per status class
 * (CloudWatch Count, Latency, 4XXError, 5XXError) and the integration latency timer. Recording is a lookup in an
 * array and a timer update; no tags are built per request. Methods of a stage without detailed metrics share the
 * stage's meters (the registry hands out one meter per name and tags).
 */
final class MethodMeters {

	private final MeterRegistry registry;

	private final Tags tags;

	/** Index {@code status / 100}; 2xx, 4xx and 5xx exist from the start so that error rates read 0, not absent. */
	private final AtomicReferenceArray<Timer> requests = new AtomicReferenceArray<>(6);

	private final Timer integrationLatency;

	MethodMeters(MeterRegistry registry, Tags tags) {
		this.registry = registry;
		this.tags = tags;
		for (int statusClass : new int[] { 2, 4, 5 }) {
			this.requests.set(statusClass, requestTimer(statusClass));
		}
		this.integrationLatency = histogram(Timer.builder(MeterNames.INTEGRATION_LATENCY)
			.description("CloudWatch IntegrationLatency: integration start to backend response")
			.tags(tags));
	}

	void recordRequest(int status, long nanos) {
		int statusClass = (status >= 100 && status < 600) ? status / 100 : 5;
		Timer timer = this.requests.get(statusClass);
		if (timer == null) {
			timer = requestTimer(statusClass);
			this.requests.set(statusClass, timer);
		}
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	void recordIntegration(long nanos) {
		this.integrationLatency.record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer requestTimer(int statusClass) {
		return histogram(Timer.builder(MeterNames.REQUESTS)
			.description("CloudWatch Count, Latency, 4XXError and 5XXError: whole requests by status class")
			.tags(this.tags)
			.tag(MeterNames.TAG_STATUS, statusClass + "xx"));
	}

	private Timer histogram(Timer.Builder builder) {
		return LatencyHistogram.of(builder).register(this.registry);
	}

}
