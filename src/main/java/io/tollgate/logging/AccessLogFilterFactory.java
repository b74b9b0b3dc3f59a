package io.tollgate.logging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tollgate.model.AccessLogSettings;
import io.tollgate.model.Stage;
import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.pipeline.DeployedRoute;
import io.tollgate.pipeline.MethodFilterFactory;

import org.springframework.cloud.gateway.filter.GatewayFilter;

/**
 * The access log step of each route of a stage whose {@code accessLogSettings} has a format; nothing for other
 * stages (and for TestInvokeMethod, which has no stage). Formats are compiled once and shared by every method using
 * them.
 */
public final class AccessLogFilterFactory implements MethodFilterFactory {

	private final Map<String, AccessLogFormat> formats = new ConcurrentHashMap<>();

	@Override
	public List<GatewayFilter> filtersFor(DeployedMethod method) {
		Stage stage = method.stage();
		AccessLogSettings settings = (stage != null) ? stage.accessLogSettings() : null;
		if (settings == null || settings.format() == null || settings.format().isBlank()) {
			return List.of();
		}
		return List.of(new AccessLogFilter(this.formats.computeIfAbsent(settings.format(), AccessLogFormat::compile)));
	}

	/** The access log of an HTTP API stage with {@code accessLogSettings} (aws-behavior-v2 §A.12). */
	@Override
	public List<GatewayFilter> filtersFor(DeployedRoute route) {
		AccessLogSettings settings = route.stage().accessLogSettings();
		if (settings == null || settings.format() == null || settings.format().isBlank()) {
			return List.of();
		}
		return List.of(new AccessLogFilter(this.formats.computeIfAbsent(settings.format(), AccessLogFormat::compile)));
	}

}
