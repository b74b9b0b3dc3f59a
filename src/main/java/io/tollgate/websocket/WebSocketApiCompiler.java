package io.tollgate.websocket;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.tollgate.function.FunctionInvoker;
import io.tollgate.function.FunctionUri;
import io.tollgate.logging.AccessLogFormat;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.model.AccessLogSettings;
import io.tollgate.model.v2.ApiConfiguration;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.Integration;
import io.tollgate.model.v2.ProtocolType;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.Stage;
import io.tollgate.usage.RouteThrottle;
import io.tollgate.usage.RouteThrottles;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;

/**
 * Compiles a WebSocket API's deployed stages into what the data plane serves: for each stage with a deployment, the
 * deployment's route selection expression and routes, each route with its integration built once
 * ({@code AWS_PROXY} and {@code AWS} through the {@link FunctionInvoker}, {@code HTTP}, {@code HTTP_PROXY},
 * {@code MOCK}) and two-way when it has a route response, and how {@code $connect} is authorized.
 */
public final class WebSocketApiCompiler {

	private static final Log logger = LogFactory.getLog(WebSocketApiCompiler.class);

	private final Supplier<FunctionInvoker> functions;

	private final MappingTemplateEngine templates;

	private final HttpClient http;

	private final ConnectAuthorizations authorizations;

	private final RouteThrottles throttles;

	private final int maxMessageBytes;

	/** Formats are compiled once and shared by every stage using them. */
	private final Map<String, AccessLogFormat> accessLogFormats = new java.util.concurrent.ConcurrentHashMap<>();

	public WebSocketApiCompiler(Supplier<FunctionInvoker> functions, MappingTemplateEngine templates, HttpClient http,
			ConnectAuthorizations authorizations, RouteThrottles throttles, int maxMessageBytes) {
		this.functions = functions;
		this.templates = templates;
		this.http = http;
		this.authorizations = authorizations;
		this.throttles = throttles;
		this.maxMessageBytes = maxMessageBytes;
	}

	/** The API's served stages by name; empty for an API that is not a WebSocket API. */
	public Map<String, WebSocketStage> compile(ApiV2Definition definition) {
		if (definition.protocolType() != ProtocolType.WEBSOCKET) {
			return Map.of();
		}
		Map<String, WebSocketStage> stages = new LinkedHashMap<>();
		for (Stage stage : definition.stages().values()) {
			if (stage.deploymentId() == null) {
				continue;
			}
			ApiConfiguration deployed = definition.requireDeployment(stage.deploymentId()).configuration();
			stages.put(stage.stageName(), compile(deployed, stage));
		}
		return stages;
	}

	private WebSocketStage compile(ApiConfiguration configuration, Stage stage) {
		Map<String, WebSocketRoute> routes = new LinkedHashMap<>();
		for (Route route : configuration.routes().values()) {
			RouteIntegration integration = configuration.integrationOf(route)
				.map((target) -> integration(configuration, target))
				.orElse(null);
			boolean twoWay = !configuration.routeResponsesOf(route.routeId()).isEmpty();
			routes.put(route.routeKey(), new WebSocketRoute(route.routeKey(), integration, twoWay,
					throttle(configuration, stage, route.routeKey())));
		}
		String expression = configuration.api().routeSelectionExpression();
		SelectionExpression selection;
		try {
			selection = SelectionExpression.parse(expression);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("API " + configuration.api().apiId() + ": " + ex.getMessage()
					+ "; every message goes to $default");
			selection = SelectionExpression.parse("\\$default");
		}
		ConnectAuthorization connect = configuration.routeByKey(WebSocketRoute.CONNECT)
			.map((route) -> this.authorizations.of(configuration, route, stage))
			.orElse(ConnectAuthorization.NONE);
		return new WebSocketStage(configuration.api().apiId(), stage.stageName(),
				java.util.Objects.requireNonNull(stage.deploymentId()), selection, routes, stage.stageVariables(),
				connect, throttle(configuration, stage, WebSocketRoute.CONNECT), accessLogFormat(stage),
				configuration.api().disableExecuteApiEndpoint());
	}

	/** The stage's throttle of a route key: its {@code routeSettings} over {@code defaultRouteSettings}. */
	private RouteThrottle throttle(ApiConfiguration configuration, Stage stage, String routeKey) {
		return this.throttles.of(configuration.api().apiId(), stage.stageName(), routeKey,
				stage.settingsFor(routeKey));
	}

	private @Nullable AccessLogFormat accessLogFormat(Stage stage) {
		AccessLogSettings settings = stage.accessLogSettings();
		return (settings != null && settings.format() != null && !settings.format().isBlank())
				? this.accessLogFormats.computeIfAbsent(settings.format(), AccessLogFormat::compile) : null;
	}

	private RouteIntegration integration(ApiConfiguration configuration, Integration integration) {
		Duration timeout = Duration.ofMillis(integration.timeoutInMillis(ProtocolType.WEBSOCKET));
		Map<String, io.tollgate.model.v2.IntegrationResponse> responses = configuration
			.integrationResponsesOf(integration.integrationId());
		return switch (integration.integrationType()) {
			case AWS_PROXY -> new LambdaProxyIntegration(lazy(this.functions), function(integration), timeout);
			case AWS -> new TemplatedIntegration(integration, TemplatedIntegration.Backend.LAMBDA, responses,
					this.templates, lazy(this.functions), function(integration), null, timeout, this.maxMessageBytes);
			case MOCK -> new TemplatedIntegration(integration, TemplatedIntegration.Backend.MOCK, responses,
					this.templates, null, null, null, timeout, this.maxMessageBytes);
			case HTTP -> new TemplatedIntegration(integration, TemplatedIntegration.Backend.HTTP, responses,
					this.templates, null, null, this.http, timeout, this.maxMessageBytes);
			case HTTP_PROXY -> new TemplatedIntegration(integration, TemplatedIntegration.Backend.HTTP_PROXY, responses,
					this.templates, null, null, this.http, timeout, this.maxMessageBytes);
		};
	}

	/** The function an integration names: a Lambda invocation URI, or a function ARN as it is. */
	private static String function(Integration integration) {
		String uri = (integration.integrationUri() != null) ? integration.integrationUri() : "";
		String function = FunctionUri.functionOf(uri);
		return (function != null) ? function : uri;
	}

	/** The invoker, built on first use: an API without functions never builds the Lambda client. */
	private static FunctionInvoker lazy(Supplier<FunctionInvoker> functions) {
		return (function, payload, timeout) -> functions.get().invoke(function, payload, timeout);
	}

	@Override
	public String toString() {
		return "WebSocketApiCompiler";
	}

}
