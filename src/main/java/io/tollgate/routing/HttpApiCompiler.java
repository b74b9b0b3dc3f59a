package io.tollgate.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tollgate.cors.CorsPreflightFilter;
import io.tollgate.cors.CorsRules;
import io.tollgate.model.v2.ApiConfiguration;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.Deployment;
import io.tollgate.model.v2.Integration;
import io.tollgate.model.v2.Stage;
import io.tollgate.pipeline.DeployedRoute;
import io.tollgate.pipeline.MethodFilterFactory;
import io.tollgate.pipeline.RouteAttribute;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;

/**
 * Compiles an HTTP API's stages into routes: one Spring Cloud Gateway {@link Route} per stage and route key, its
 * filters assembled once by the same {@link MethodFilterFactory steps} REST APIs use, a {@link RouteIndex} per stage
 * that finds them with AWS's precedence, and a preflight route per stage of an API with CORS. Stages without a
 * deployment serve nothing.
 */
final class HttpApiCompiler {

	static final String ROUTE_KEY = "routeKey";

	static final String PROTOCOL_TYPE = "protocolType";

	private final List<MethodFilterFactory> filterFactories;

	private final MethodRoutePredicate.Resolver resolver;

	HttpApiCompiler(List<MethodFilterFactory> filterFactories, MethodRoutePredicate.Resolver resolver) {
		this.filterFactories = List.copyOf(filterFactories);
		this.resolver = resolver;
	}

	Map<String, CompiledHttpStage> compile(ApiV2Definition definition) {
		Map<String, CompiledHttpStage> stages = new LinkedHashMap<>();
		for (Stage stage : definition.stages().values()) {
			if (stage.deploymentId() == null) {
				continue;
			}
			Deployment deployment = definition.requireDeployment(stage.deploymentId());
			stages.put(stage.stageName(), compile(deployment, stage));
		}
		return stages;
	}

	private CompiledHttpStage compile(Deployment deployment, Stage stage) {
		ApiConfiguration configuration = deployment.configuration();
		RouteIndex.Builder<Route> index = RouteIndex.builder();
		List<Route> routes = new ArrayList<>();
		for (io.tollgate.model.v2.Route route : configuration.routes().values()) {
			Integration integration = configuration.integrationOf(route).orElse(null);
			DeployedRoute deployed = new DeployedRoute(configuration.api(), stage, deployment.deploymentId(), route,
					integration, configuration.authorizerOf(route).orElse(null),
					stage.defaultRouteSettings().overriddenBy(stage.routeSettings().get(route.routeKey())));
			Route compiled = route(deployed);
			index.put(RouteKey.parse(route.routeKey()), compiled);
			routes.add(compiled);
		}
		Route preflight = null;
		if (configuration.api().corsConfiguration() != null) {
			preflight = Route.async()
				.id(configuration.api().apiId() + ":" + stage.stageName() + ":CORS preflight")
				.uri("tollgate://cors-preflight")
				.asyncPredicate(new MethodRoutePredicate("cors-preflight", this.resolver))
				.filters(List.of(new CorsPreflightFilter(CorsRules.of(configuration.api().corsConfiguration()))))
				.metadata(RouteCompiler.API_ID, configuration.api().apiId())
				.metadata(RouteCompiler.STAGE, stage.stageName())
				.build();
			routes.add(preflight);
		}
		return new CompiledHttpStage(stage, deployment.deploymentId(), index.build(), preflight, List.copyOf(routes),
				configuration.api().disableExecuteApiEndpoint());
	}

	private Route route(DeployedRoute route) {
		List<GatewayFilter> filters = new ArrayList<>();
		for (MethodFilterFactory factory : this.filterFactories) {
			filters.addAll(factory.filtersFor(route));
		}
		Integration integration = route.integration();
		String type = (integration != null) ? integration.integrationType().name() : "NONE";
		Route.AsyncBuilder builder = Route.async()
			.id(route.routeId())
			.uri(URI.create("tollgate://" + type.toLowerCase(Locale.ROOT).replace('_', '-')))
			.asyncPredicate(new MethodRoutePredicate(route.routeId(), this.resolver))
			.metadata(PROTOCOL_TYPE, "HTTP")
			.metadata(RouteCompiler.API_ID, route.api().apiId())
			.metadata(RouteCompiler.STAGE, route.stage().stageName())
			.metadata(RouteCompiler.DEPLOYMENT_ID, route.deploymentId())
			.metadata(ROUTE_KEY, route.route().routeKey())
			.metadata(RouteCompiler.INTEGRATION_TYPE, type);
		if (integration != null) {
			// As for a REST API: the integration bounds its call with one deadline, Spring Cloud Gateway's is off.
			builder.metadata(RouteCompiler.TIMEOUT_IN_MILLIS, timeoutOf(integration))
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, -1);
			String uri = integration.integrationUri();
			if (uri != null) {
				builder.metadata(RouteCompiler.INTEGRATION_URI, io.tollgate.model.Integration.redact(uri));
			}
		}
		RouteAttribute.compile(filters, builder);
		return builder.build();
	}

	/** HTTP APIs' integration timeout: 30 s unless set lower. */
	static int timeoutOf(Integration integration) {
		Integer timeout = integration.timeoutInMillis();
		return (timeout == null || timeout <= 0) ? Integration.HTTP_API_MAX_TIMEOUT
				: Math.min(timeout, Integration.HTTP_API_MAX_TIMEOUT);
	}

}
