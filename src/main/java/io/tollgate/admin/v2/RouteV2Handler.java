package io.tollgate.admin.v2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tollgate.admin.AdminRoutes;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.ModelIds;
import io.tollgate.model.v2.ApiConfiguration;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.ParameterConstraints;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.RouteResponse;
import io.tollgate.store.DefinitionStore;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The v2 route operations: CreateRoute, GetRoute(s), UpdateRoute, DeleteRoute, DeleteRouteRequestParameter, and the
 * route responses of WebSocket routes. Routes made by quick create ({@code apiGatewayManaged}) cannot be changed.
 */
public final class RouteV2Handler implements AdminRoutes {

	private static final Set<String> ROUTE_KEEP_EMPTY = Set.of();

	private final V2Apis apis;

	public RouteV2Handler(DefinitionStore<ApiV2Definition> store) {
		this.apis = new V2Apis(store);
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/v2/apis/{apiId}/routes", this::create)
			.GET("/v2/apis/{apiId}/routes", this::list)
			.GET("/v2/apis/{apiId}/routes/{routeId}", this::get)
			.PATCH("/v2/apis/{apiId}/routes/{routeId}", this::update)
			.DELETE("/v2/apis/{apiId}/routes/{routeId}", this::delete)
			.DELETE("/v2/apis/{apiId}/routes/{routeId}/requestparameters/{requestParameterKey}",
					this::deleteRequestParameter)
			.POST("/v2/apis/{apiId}/routes/{routeId}/routeresponses", this::createResponse)
			.GET("/v2/apis/{apiId}/routes/{routeId}/routeresponses", this::listResponses)
			.GET("/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}", this::getResponse)
			.PATCH("/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}", this::updateResponse)
			.DELETE("/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}", this::deleteResponse)
			.build();
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		String routeId = ModelIds.random();
		return V2Resources.body(request)
			.flatMap((body) -> this.apis.update(request,
					(definition) -> definition.withRoute(V2Resources.create(body, Route.class, Map.of("routeId", routeId)))))
			.flatMap((saved) -> V2Json.created(view(saved.configuration().requireRoute(routeId))));
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return this.apis.require(request)
			.flatMap((definition) -> V2Json.ok(V2Page.of(sorted(definition.configuration().routes()),
					Route::routeId, request, RouteV2Handler::view)));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return this.apis.require(request)
			.flatMap((definition) -> V2Json.ok(view(route(definition.configuration(), request))));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String routeId = request.pathVariable("routeId");
		return V2Resources.body(request)
			.flatMap((body) -> this.apis.update(request, (definition) -> {
				Route current = unmanaged(route(definition.configuration(), request));
				Route changed = V2Resources.patch(current, body, Route.class, "routeId");
				return definition.withRoute(changed);
			}))
			.flatMap((saved) -> V2Json.ok(view(saved.configuration().requireRoute(routeId))));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		return this.apis.update(request, (definition) -> definition
			.withoutRoute(unmanaged(route(definition.configuration(), request)).routeId())).then(V2Json.noContent());
	}

	private Mono<ServerResponse> deleteRequestParameter(ServerRequest request) {
		String key = request.pathVariable("requestParameterKey");
		return this.apis.update(request, (definition) -> {
			Route route = unmanaged(route(definition.configuration(), request));
			if (!route.requestParameters().containsKey(key)) {
				throw ApiModelException.notFound("Invalid request parameter key specified " + key);
			}
			Map<String, ParameterConstraints> parameters = new LinkedHashMap<>(route.requestParameters());
			parameters.remove(key);
			return definition.withRoute(new Route(route.routeId(), route.routeKey(), route.target(),
					route.authorizationType(), route.authorizerId(), route.authorizationScopes(),
					route.apiKeyRequired(), parameters, route.requestModels(), route.modelSelectionExpression(),
					route.routeResponseSelectionExpression(), route.operationName(), false));
		}).then(V2Json.noContent());
	}

	private Mono<ServerResponse> createResponse(ServerRequest request) {
		String responseId = ModelIds.random();
		return V2Resources.body(request).flatMap((body) -> this.apis.update(request, (definition) -> {
			Route route = route(definition.configuration(), request);
			return definition.withRouteResponse(route.routeId(),
					V2Resources.create(body, RouteResponse.class, Map.of("routeResponseId", responseId)));
		})).flatMap((saved) -> V2Json.created(V2Resources.view(
				saved.configuration().routeResponsesOf(request.pathVariable("routeId")).get(responseId), Set.of())));
	}

	private Mono<ServerResponse> listResponses(ServerRequest request) {
		return this.apis.require(request).flatMap((definition) -> {
			Route route = route(definition.configuration(), request);
			List<RouteResponse> responses = definition.configuration()
				.routeResponsesOf(route.routeId())
				.values()
				.stream()
				.sorted(java.util.Comparator.comparing(RouteResponse::routeResponseId))
				.toList();
			return V2Json.ok(V2Page.of(responses, RouteResponse::routeResponseId, request,
					(response) -> V2Resources.view(response, Set.of())));
		});
	}

	private Mono<ServerResponse> getResponse(ServerRequest request) {
		return this.apis.require(request)
			.flatMap((definition) -> V2Json.ok(V2Resources.view(routeResponse(definition.configuration(), request),
					Set.of())));
	}

	private Mono<ServerResponse> updateResponse(ServerRequest request) {
		String routeId = request.pathVariable("routeId");
		String responseId = request.pathVariable("routeResponseId");
		return V2Resources.body(request).flatMap((body) -> this.apis.update(request, (definition) -> {
			RouteResponse current = routeResponse(definition.configuration(), request);
			return definition.withRouteResponse(routeId,
					V2Resources.patch(current, body, RouteResponse.class, "routeResponseId"));
		})).flatMap((saved) -> V2Json.ok(V2Resources.view(
				saved.configuration().routeResponsesOf(routeId).get(responseId), Set.of())));
	}

	private Mono<ServerResponse> deleteResponse(ServerRequest request) {
		return this.apis.update(request, (definition) -> {
			RouteResponse response = routeResponse(definition.configuration(), request);
			return definition.withoutRouteResponse(request.pathVariable("routeId"), response.routeResponseId());
		}).then(V2Json.noContent());
	}

	static Route route(ApiConfiguration configuration, ServerRequest request) {
		return configuration.requireRoute(request.pathVariable("routeId"));
	}

	private static RouteResponse routeResponse(ApiConfiguration configuration, ServerRequest request) {
		Route route = route(configuration, request);
		String responseId = request.pathVariable("routeResponseId");
		RouteResponse response = configuration.routeResponsesOf(route.routeId()).get(responseId);
		if (response == null) {
			throw ApiModelException.notFound("Invalid RouteResponse identifier specified " + responseId);
		}
		return response;
	}

	private static Route unmanaged(Route route) {
		if (route.apiGatewayManaged()) {
			throw ApiModelException.conflict("Route " + route.routeId()
					+ " is managed by API Gateway (quick create) and cannot be changed or deleted");
		}
		return route;
	}

	private static List<Route> sorted(Map<String, Route> routes) {
		return routes.values().stream().sorted(java.util.Comparator.comparing(Route::routeId)).toList();
	}

	static Object view(Route route) {
		return V2Resources.view(route, ROUTE_KEEP_EMPTY);
	}

}
