package io.tollgate.admin.v2;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;

import io.tollgate.admin.AdminRoutes;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.IntegrationType;
import io.tollgate.model.ModelIds;
import io.tollgate.model.v2.Api;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.HttpRouteKey;
import io.tollgate.model.v2.Integration;
import io.tollgate.model.v2.ProtocolType;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.Stage;
import io.tollgate.store.DefinitionStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The v2 ({@code apigatewayv2}) API operations: CreateApi (with HTTP API quick create: {@code target},
 * {@code routeKey} and {@code credentialsArn} make an API Gateway managed integration, route and {@code $default}
 * stage with {@code autoDeploy}), GetApi(s), UpdateApi, DeleteApi and DeleteCorsConfiguration.
 */
public final class ApiV2Handler implements AdminRoutes {

	/** The fields of CreateApi and UpdateApi that are quick create's, not the API's. */
	private static final Set<String> QUICK_CREATE = Set.of("target", "routeKey", "credentialsArn");

	private static final Set<String> KEEP_EMPTY = Set.of("tags");

	private final V2Apis apis;

	private final String region;

	public ApiV2Handler(DefinitionStore<ApiV2Definition> store, String region) {
		this.apis = new V2Apis(store);
		this.region = region;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/v2/apis", this::create)
			.GET("/v2/apis", this::list)
			.GET("/v2/apis/{apiId}", this::get)
			.PATCH("/v2/apis/{apiId}", this::update)
			.DELETE("/v2/apis/{apiId}", this::delete)
			.DELETE("/v2/apis/{apiId}/cors", this::deleteCors)
			.build();
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return V2Resources.body(request).flatMap((body) -> {
			QuickCreate quick = QuickCreate.of(body);
			ProtocolType protocol = protocolType(body.get("protocolType"));
			String apiId = ModelIds.random();
			Api api = V2Resources.create(body, Api.class, Map.of("apiId", apiId)).withCreatedDate(now());
			ApiV2Definition definition = ApiV2Definition.create(api);
			if (quick.target() != null) {
				if (protocol != ProtocolType.HTTP) {
					throw ApiModelException.badRequest("Quick create (target) is supported only for HTTP APIs");
				}
				definition = quick.applyTo(definition);
			}
			else if (quick.routeKey() != null || quick.credentialsArn() != null) {
				throw ApiModelException.badRequest("RouteKey and CredentialsArn are part of quick create and need a"
						+ " target");
			}
			return this.apis.store().save(definition, DefinitionStore.ABSENT);
		}).flatMap((saved) -> V2Json.created(view(saved.api())));
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return this.apis.store()
			.findAll()
			.map(ApiV2Definition::api)
			.sort(Comparator.comparing(Api::apiId))
			.collectList()
			.flatMap((all) -> V2Json.ok(V2Page.of(all, Api::apiId, request, this::view)));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return this.apis.require(request).flatMap((definition) -> V2Json.ok(view(definition.api())));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		return V2Resources.body(request).flatMap((body) -> {
			QuickCreate quick = QuickCreate.of(body);
			return this.apis.update(request, (definition) -> {
				ApiV2Definition changed = definition.withApi(
						V2Resources.patch(definition.api(), body, Api.class, "apiId", "protocolType"));
				return quick.isEmpty() ? changed : quick.update(changed);
			});
		}).flatMap((saved) -> V2Json.ok(view(saved.api())));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		String apiId = request.pathVariable("apiId");
		return this.apis.store()
			.delete(apiId)
			.flatMap((deleted) -> deleted ? V2Json.noContent() : Mono.error(V2Apis.notFound(apiId)));
	}

	private Mono<ServerResponse> deleteCors(ServerRequest request) {
		return this.apis
			.update(request, (definition) -> definition.withApi(definition.api().withCorsConfiguration(null)))
			.then(V2Json.noContent());
	}

	private ObjectNode view(Api api) {
		return view(api, this.region);
	}

	/** An API as AWS answers with it, {@code apiEndpoint} included. */
	public static ObjectNode view(Api api, String region) {
		ObjectNode view = V2Resources.view(api, KEEP_EMPTY);
		view.put("apiEndpoint", api.apiEndpoint(region));
		return view;
	}

	private static ProtocolType protocolType(@Nullable JsonNode value) {
		if (value != null && value.isString()) {
			for (ProtocolType type : ProtocolType.values()) {
				if (type.name().equals(value.asString())) {
					return type;
				}
			}
		}
		throw ApiModelException.badRequest("Invalid protocol specified. Must be one of [HTTP, WEBSOCKET]");
	}

	private static java.time.Instant now() {
		return java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
	}

	/**
	 * Quick create's fields, taken out of a CreateApi or UpdateApi body: a Lambda function ARN target makes an
	 * {@code AWS_PROXY} integration with payload format 2.0, a URL an {@code HTTP_PROXY} integration of every
	 * method.
	 */
	private record QuickCreate(@Nullable String target, @Nullable String routeKey, @Nullable String credentialsArn) {

		static QuickCreate of(ObjectNode body) {
			QuickCreate quick = new QuickCreate(text(body, "target"), text(body, "routeKey"),
					text(body, "credentialsArn"));
			QUICK_CREATE.forEach(body::remove);
			return quick;
		}

		private static @Nullable String text(ObjectNode body, String field) {
			JsonNode value = body.get(field);
			return (value != null && value.isString()) ? value.asString() : null;
		}

		boolean isEmpty() {
			return this.target == null && this.routeKey == null && this.credentialsArn == null;
		}

		ApiV2Definition applyTo(ApiV2Definition definition) {
			String integrationId = ModelIds.random();
			String routeKey = (this.routeKey != null) ? this.routeKey : HttpRouteKey.DEFAULT;
			return definition.withStage(Stage.of(Stage.DEFAULT, null, true).withApiGatewayManaged(true))
				.withIntegration(integration(integrationId, this.target, this.credentialsArn))
				.withRoute(Route.of(ModelIds.random(), routeKey, integrationId).withApiGatewayManaged(true));
		}

		/** UpdateApi of a quick-created API: its managed integration and route follow the new values. */
		ApiV2Definition update(ApiV2Definition definition) {
			Route route = definition.configuration()
				.routes()
				.values()
				.stream()
				.filter(Route::apiGatewayManaged)
				.findFirst()
				.orElseThrow(() -> ApiModelException
					.badRequest("Target, RouteKey and CredentialsArn apply only to APIs made by quick create"));
			Integration current = definition.configuration().integrationOf(route).orElseThrow();
			Integration integration = integration(current.integrationId(),
					(this.target != null) ? this.target : current.integrationUri(),
					(this.credentialsArn != null) ? this.credentialsArn : current.credentialsArn());
			Route changed = new Route(route.routeId(), (this.routeKey != null) ? this.routeKey : route.routeKey(),
					route.target(), route.authorizationType(), route.authorizerId(), route.authorizationScopes(),
					route.apiKeyRequired(), route.requestParameters(), route.requestModels(),
					route.modelSelectionExpression(), route.routeResponseSelectionExpression(), route.operationName(),
					true);
			return definition.withIntegration(integration).withRoute(changed);
		}

		private static Integration integration(String integrationId, @Nullable String target,
				@Nullable String credentialsArn) {
			boolean url = target != null && (target.startsWith("http://") || target.startsWith("https://"));
			return new Integration(integrationId, url ? IntegrationType.HTTP_PROXY : IntegrationType.AWS_PROXY,
					target, url ? "ANY" : "POST", url ? "1.0" : "2.0", null, null, null, credentialsArn, null, null,
					null, null, null, null, null, null, null, null, true);
		}

	}

}
