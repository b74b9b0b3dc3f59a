package io.tollgate.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Deployment;
import io.tollgate.model.Integration;
import io.tollgate.model.Method;
import io.tollgate.model.Resource;
import io.tollgate.model.Stage;

import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.pipeline.MethodFilterFactory;
import io.tollgate.pipeline.RouteAttribute;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;

/**
 * Compiles an API's stages into routes: one Spring Cloud Gateway {@link Route} per stage and method (and per
 * canary method), its filters assembled once from the method's settings, plus a {@link PathTree} per deployment
 * that finds them.
 */
final class RouteCompiler {

	/** Route metadata keys, shown by {@code /actuator/gateway/routes}. */
	static final String API_ID = "apiId";

	static final String STAGE = "stage";

	static final String DEPLOYMENT_ID = "deploymentId";

	static final String RESOURCE_PATH = "resourcePath";

	static final String HTTP_METHOD = "httpMethod";

	static final String INTEGRATION_TYPE = "integrationType";

	static final String INTEGRATION_URI = "integrationUri";

	static final String CANARY = "canary";

	static final String TIMEOUT_IN_MILLIS = "timeoutInMillis";

	/** The stage and deployment AWS reports for TestInvokeMethod. */
	static final String TEST_INVOKE_STAGE = "test-invoke-stage";

	static final String TEST_INVOKE_DEPLOYMENT = "test-invoke-deployment-id";

	private final List<MethodFilterFactory> filterFactories;

	private final MethodRoutePredicate.Resolver resolver;

	RouteCompiler(List<MethodFilterFactory> filterFactories, MethodRoutePredicate.Resolver resolver) {
		this.filterFactories = List.copyOf(filterFactories);
		this.resolver = resolver;
	}

	Map<String, CompiledStage> compile(ApiDefinition definition) {
		Map<String, CompiledStage> stages = new LinkedHashMap<>();
		for (Stage stage : definition.stages().values()) {
			CompiledDeployment base = compile(definition.requireDeployment(stage.deploymentId()), stage, false);
			CompiledDeployment canary = null;
			if (stage.canarySettings() != null && stage.canarySettings().deploymentId() != null) {
				canary = compile(definition.requireDeployment(stage.canarySettings().deploymentId()), stage, true);
			}
			stages.put(stage.stageName(), new CompiledStage(stage, base, canary, stage.canaryVariables()));
		}
		return stages;
	}

	private CompiledDeployment compile(Deployment deployment, Stage stage, boolean canary) {
		PathTree.Builder<ResourceRoutes> tree = PathTree.builder();
		List<Route> routes = new ArrayList<>();
		for (Resource resource : deployment.resources()) {
			if (resource.resourceMethods().isEmpty()) {
				continue;
			}
			Map<String, Route> byVerb = new HashMap<>();
			for (Method method : resource.resourceMethods().values()) {
				DeployedMethod deployed = DeployedMethod.inStage(deployment.api(), deployment.id(), canary, resource,
						method, deployment.components(), stage);
				Route route = route(deployed);
				byVerb.put(method.httpMethod(), route);
				routes.add(route);
			}
			tree.put(resource.path(), new ResourceRoutes(resource, Map.copyOf(byVerb)));
		}
		return new CompiledDeployment(deployment.id(), tree.build(), List.copyOf(routes), deployment.components(),
				deployment.api().disableExecuteApiEndpoint());
	}

	/**
	 * The route TestInvokeMethod runs: the method as the API defines it now (not as deployed), in AWS's
	 * {@code test-invoke-stage}, with only the filters {@code include} accepts.
	 */
	Route testInvokeRoute(ApiDefinition definition, Resource resource, Method method,
			Predicate<GatewayFilter> include) {
		DeployedMethod deployed = new DeployedMethod(definition.restApi(), TEST_INVOKE_STAGE,
				TEST_INVOKE_DEPLOYMENT, false, resource, method, method.methodIntegration(), null,
				definition.components());
		return route(deployed, include);
	}

	private Route route(DeployedMethod method) {
		return route(method, (filter) -> true);
	}

	private Route route(DeployedMethod method, Predicate<GatewayFilter> include) {
		Integration integration = method.integration();
		List<GatewayFilter> filters = new ArrayList<>();
		for (MethodFilterFactory factory : this.filterFactories) {
			for (GatewayFilter filter : factory.filtersFor(method)) {
				if (include.test(filter)) {
					filters.add(filter);
				}
			}
		}
		Route.AsyncBuilder builder = Route.async()
			.id(method.routeId())
			.uri(URI.create("tollgate://" + integration.type().name().toLowerCase(Locale.ROOT).replace('_', '-')))
			.asyncPredicate(new MethodRoutePredicate(method.routeId(), this.resolver))
			.metadata(API_ID, method.api().id())
			.metadata(STAGE, method.stageName())
			.metadata(DEPLOYMENT_ID, method.deploymentId())
			.metadata(RESOURCE_PATH, method.resource().path())
			.metadata(HTTP_METHOD, method.method().httpMethod())
			.metadata(INTEGRATION_TYPE, integration.type().name())
			.metadata(CANARY, method.canary())
			.metadata(TIMEOUT_IN_MILLIS, integration.timeoutInMillis())
			// Spring Cloud Gateway's own response timeout off (it would be a second timer, on Reactor's parallel
			// scheduler): the integration bounds its call itself, headers and body, with one deadline.
			.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, -1);
		if (integration.uri() != null) {
			builder.metadata(INTEGRATION_URI, integration.redactedUri());
		}
		RouteAttribute.compile(filters, builder);
		return builder.build();
	}

}
