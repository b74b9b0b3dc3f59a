package io.tollgate.websocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tollgate.logging.AccessLog;
import io.tollgate.logging.AccessLogFormat;
import io.tollgate.mapping.ParameterExpression;
import io.tollgate.metrics.LatencyHistogram;
import io.tollgate.metrics.MeterNames;
import org.jspecify.annotations.Nullable;

/**
 * CloudWatch's WebSocket metrics per API and stage (ConnectCount, MessageCount, IntegrationError, ClientError,
 * ExecutionError, IntegrationLatency) and the stage's access log line per event, with WebSocket {@code $context}
 * variables ({@code connectionId}, {@code eventType}, {@code routeKey}, {@code messageId}, {@code status}, ...).
 * Meters are registered once per API and stage; recording is a map lookup and a counter update.
 */
final class WebSocketTelemetry implements WebSocketObserver {

	private final MeterRegistry registry;

	private final WebSocketStages stages;

	private final @Nullable AccessLog accessLog;

	private final Map<String, StageMeters> meters = new ConcurrentHashMap<>();

	WebSocketTelemetry(MeterRegistry registry, WebSocketStages stages, ConnectionRegistry connections,
			@Nullable AccessLog accessLog) {
		this.registry = registry;
		this.stages = stages;
		this.accessLog = accessLog;
		Gauge.builder(MeterNames.WEBSOCKET_CONNECTIONS, connections, (registered) -> registered.local().size())
			.description("WebSocket connections open on this replica")
			.register(registry);
	}

	/** The meters of one API stage. */
	private record StageMeters(Counter connects, Counter messagesIn, Counter messagesOut, Counter integrationErrors,
			Counter clientErrors, Counter executionErrors, Timer integrationLatency) {
	}

	private StageMeters meters(ConnectionContext connection) {
		return this.meters.computeIfAbsent(connection.apiId() + "\n" + connection.stage(), (key) -> {
			Tags tags = Tags.of(MeterNames.TAG_API_ID, connection.apiId(), MeterNames.TAG_STAGE, connection.stage());
			return new StageMeters(
					Counter.builder(MeterNames.WEBSOCKET_CONNECTS)
						.description("CloudWatch ConnectCount: handshakes completed")
						.tags(tags)
						.register(this.registry),
					messages(tags, "in"), messages(tags, "out"),
					Counter.builder(MeterNames.WEBSOCKET_INTEGRATION_ERRORS)
						.description("CloudWatch IntegrationError: integrations answering 4XX or 5XX")
						.tags(tags)
						.register(this.registry),
					Counter.builder(MeterNames.WEBSOCKET_CLIENT_ERRORS)
						.description("CloudWatch ClientError: refused before the integration (4XX)")
						.tags(tags)
						.register(this.registry),
					Counter.builder(MeterNames.WEBSOCKET_EXECUTION_ERRORS)
						.description("CloudWatch ExecutionError: integrations that failed to answer")
						.tags(tags)
						.register(this.registry),
					LatencyHistogram.of(Timer.builder(MeterNames.WEBSOCKET_INTEGRATION_LATENCY)
						.description("CloudWatch IntegrationLatency of WebSocket routes")
						.tags(tags))
						.register(this.registry));
		});
	}

	private Counter messages(Tags tags, String direction) {
		return Counter.builder(MeterNames.WEBSOCKET_MESSAGES)
			.description("CloudWatch MessageCount: messages from and to clients")
			.tags(tags)
			.tag(MeterNames.TAG_DIRECTION, direction)
			.register(this.registry);
	}

	@Override
	public void connected(RouteEvent event) {
		meters(event.connection()).connects().increment();
		log(event, 200, null);
	}

	@Override
	public void refused(RouteEvent event, int status) {
		StageMeters meters = meters(event.connection());
		(status >= 500 ? meters.executionErrors() : meters.clientErrors()).increment();
		log(event, status, null);
	}

	@Override
	public void received(ConnectionContext connection) {
		meters(connection).messagesIn().increment();
	}

	@Override
	public void sent(ConnectionContext connection) {
		meters(connection).messagesOut().increment();
	}

	@Override
	public void unrouted(RouteEvent event) {
		meters(event.connection()).clientErrors().increment();
		log(event, 403, null);
	}

	@Override
	public void throttled(RouteEvent event, int status) {
		StageMeters meters = meters(event.connection());
		(status >= 500 ? meters.executionErrors() : meters.clientErrors()).increment();
		log(event, status, null);
	}

	@Override
	public void integrated(RouteEvent event, IntegrationReply reply, long nanos) {
		StageMeters meters = meters(event.connection());
		meters.integrationLatency().record(nanos, TimeUnit.NANOSECONDS);
		if (reply.statusCode() >= 400) {
			meters.integrationErrors().increment();
		}
		if (event.eventType() == RouteEvent.EventType.MESSAGE) {
			log(event, 200, nanos);
		}
	}

	@Override
	public void failed(RouteEvent event, Throwable error, long nanos) {
		StageMeters meters = meters(event.connection());
		meters.integrationLatency().record(nanos, TimeUnit.NANOSECONDS);
		meters.executionErrors().increment();
		if (event.eventType() == RouteEvent.EventType.MESSAGE) {
			log(event, 500, nanos);
		}
	}

	@Override
	public void disconnected(RouteEvent event) {
		log(event, 200, null);
	}

	private void log(RouteEvent event, int status, @Nullable Long integrationNanos) {
		if (this.accessLog == null) {
			return;
		}
		WebSocketStage stage = this.stages.find(event.connection().apiId(), event.connection().stage());
		AccessLogFormat format = (stage != null) ? stage.accessLogFormat() : null;
		if (format == null) {
			return;
		}
		Map<String, Object> variables = event.contextVariables();
		this.accessLog.write(format, (name) -> switch (name) {
			case "status" -> Integer.toString(status);
			case "integrationLatency", "integration.latency" ->
				(integrationNanos != null) ? Long.toString(TimeUnit.NANOSECONDS.toMillis(integrationNanos)) : null;
			// API key values are secrets.
			case "identity.apiKey" -> null;
			default -> ParameterExpression.contextValue(variables, name);
		});
	}

}
