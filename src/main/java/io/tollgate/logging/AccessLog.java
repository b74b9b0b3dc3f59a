package io.tollgate.logging;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Where access log lines go: handed off to one writer thread through a bounded queue, rendered and written there to
 * a named logger ({@value #LOGGER_NAME} by default), so the logging configuration sends them anywhere. The event
 * loop only enqueues; when the queue is full a line is dropped and counted ({@value MeterNames#ACCESS_LOGS_DROPPED}),
 * never waited for.
 */
public final class AccessLog implements AutoCloseable {

	public static final String LOGGER_NAME = "tollgate.access";

	private final Log logger;

	private final ThreadPoolExecutor writer;

	public AccessLog(AccessLogProperties properties, MeterRegistry meterRegistry) {
		this.logger = LogFactory.getLog(properties.logger());
		Counter dropped = Counter.builder(MeterNames.ACCESS_LOGS_DROPPED)
			.description("Access log lines dropped because the writer fell behind")
			.register(meterRegistry);
		CustomizableThreadFactory threads = new CustomizableThreadFactory("tollgate-access-log-");
		threads.setDaemon(true);
		this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(properties.queueCapacity()), threads,
				(line, executor) -> dropped.increment());
	}

	/** Queues {@code entry}'s line; returns at once. */
	void write(AccessLogFormat format, AccessLogEntry entry) {
		this.writer.execute(() -> this.logger.info(format.render(entry)));
	}

	/** Queues the line of an event rendered from {@code values} (see {@link AccessLogFormat#render(Function)}). */
	public void write(AccessLogFormat format, java.util.function.Function<String, @org.jspecify.annotations.Nullable String> values) {
		this.writer.execute(() -> this.logger.info(format.render(values)));
	}

	/** Writes what is queued (for a few seconds at most), then stops. */
	@Override
	public void close() throws InterruptedException {
		this.writer.shutdown();
		this.writer.awaitTermination(5, TimeUnit.SECONDS);
	}

}
