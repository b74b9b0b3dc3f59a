package io.tollgate.admin.v2;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tollgate.admin.AdminRoutes;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.ModelIds;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.Deployment;
import io.tollgate.model.v2.RouteSettings;
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
 * The v2 stage and deployment operations: CreateStage, GetStage(s), UpdateStage (route settings merged by route
 * key), DeleteStage, DeleteAccessLogSettings, DeleteRouteSettings, ResetAuthorizersCache, and CreateDeployment,
 * GetDeployment(s), UpdateDeployment, DeleteDeployment. The {@code $default} stage may be written {@code %24default}
 * in paths. The stage made by quick create ({@code apiGatewayManaged}) cannot be changed.
 */
public final class StageV2Handler implements AdminRoutes {

	private static final Set<String> STAGE_KEEP_EMPTY = Set.of("stageVariables", "routeSettings", "tags",
			"defaultRouteSettings");

	private final V2Apis apis;

	public StageV2Handler(DefinitionStore<ApiV2Definition> store) {
		this.apis = new V2Apis(store);
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		String stage = "/v2/apis/{apiId}/stages/{stageName}";
		return RouterFunctions.route()
			.POST("/v2/apis/{apiId}/stages", this::create)
			.GET("/v2/apis/{apiId}/stages", this::list)
			.GET(stage, this::get)
			.PATCH(stage, this::update)
			.DELETE(stage, this::delete)
			.DELETE(stage + "/accesslogsettings", this::deleteAccessLogSettings)
			.DELETE(stage + "/routesettings/{routeKey}", this::deleteRouteSettings)
			.DELETE(stage + "/cache/authorizers", this::resetAuthorizersCache)
			.POST("/v2/apis/{apiId}/deployments", this::createDeployment)
			.GET("/v2/apis/{apiId}/deployments", this::listDeployments)
			.GET("/v2/apis/{apiId}/deployments/{deploymentId}", this::getDeployment)
			.PATCH("/v2/apis/{apiId}/deployments/{deploymentId}", this::updateDeployment)
			.DELETE("/v2/apis/{apiId}/deployments/{deploymentId}", this::deleteDeployment)
			.build();
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return V2Resources.body(request).flatMap((body) -> {
			body.remove("lastDeploymentStatusMessage");
			Stage stage = V2Resources.create(body, Stage.class, Map.of());
			return this.apis.update(request, (definition) -> {
				if (definition.stages().containsKey(stage.stageName())) {
					throw ApiModelException.conflict("Stage " + stage.stageName() + " already exists");
				}
				return definition.withStage(stage);
			}).map((saved) -> saved.requireStage(stage.stageName()));
		}).flatMap((stage) -> V2Json.created(view(stage)));
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return this.apis.require(request).flatMap((definition) -> {
			List<Stage> stages = definition.stages()
				.values()
				.stream()
				.sorted(Comparator.comparing(Stage::stageName))
				.toList();
			return V2Json.ok(V2Page.of(stages, Stage::stageName, request, StageV2Handler::view));
		});
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return this.apis.require(request).flatMap((definition) -> V2Json.ok(view(stage(definition, request))));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String stageName = stageName(request);
		return V2Resources.body(request).flatMap((body) -> {
			body.remove("lastDeploymentStatusMessage");
			return this.apis.update(request, (definition) -> {
				Stage current = unmanaged(stage(definition, request));
				mergeRouteSettings(body, current);
				return definition.withStage(V2Resources.patch(current, body, Stage.class, "stageName"));
			});
		}).flatMap((saved) -> V2Json.ok(view(saved.requireStage(stageName))));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		return this.apis
			.update(request, (definition) -> definition.withoutStage(unmanaged(stage(definition, request)).stageName()))
			.then(V2Json.noContent());
	}

	private Mono<ServerResponse> deleteAccessLogSettings(ServerRequest request) {
		return changeStage(request, (stage) -> new Stage(stage.stageName(), stage.deploymentId(), stage.description(),
				stage.autoDeploy(), stage.stageVariables(), stage.defaultRouteSettings(), stage.routeSettings(), null,
				stage.clientCertificateId(), stage.tags(), stage.apiGatewayManaged(),
				stage.lastDeploymentStatusMessage(), stage.createdDate(), stage.lastUpdatedDate()));
	}

	private Mono<ServerResponse> deleteRouteSettings(ServerRequest request) {
		String routeKey = V2Apis.pathVariable(request, "routeKey");
		return changeStage(request, (stage) -> {
			if (!stage.routeSettings().containsKey(routeKey)) {
				throw ApiModelException.notFound("Invalid route settings key specified " + routeKey);
			}
			Map<String, RouteSettings> settings = new LinkedHashMap<>(stage.routeSettings());
			settings.remove(routeKey);
			return new Stage(stage.stageName(), stage.deploymentId(), stage.description(), stage.autoDeploy(),
					stage.stageVariables(), stage.defaultRouteSettings(), settings, stage.accessLogSettings(),
					stage.clientCertificateId(), stage.tags(), stage.apiGatewayManaged(),
					stage.lastDeploymentStatusMessage(), stage.createdDate(), stage.lastUpdatedDate());
		});
	}

	/**
	 * Answers 204 for an existing stage. Authorizer results are cached by the data plane with the TTL each
	 * authorizer sets; flushing them on this call is the data plane's to add.
	 */
	private Mono<ServerResponse> resetAuthorizersCache(ServerRequest request) {
		return this.apis.require(request).doOnNext((definition) -> stage(definition, request)).then(V2Json.noContent());
	}

	private Mono<ServerResponse> changeStage(ServerRequest request, java.util.function.UnaryOperator<Stage> change) {
		return this.apis.update(request, (definition) -> definition.withStage(change.apply(stage(definition, request))))
			.then(V2Json.noContent());
	}

	private Mono<ServerResponse> createDeployment(ServerRequest request) {
		String deploymentId = ModelIds.random();
		return V2Resources.body(request).flatMap((body) -> {
			String description = text(body, "description");
			String stageName = text(body, "stageName");
			return this.apis.update(request, (definition) -> {
				if (stageName != null && !definition.stages().containsKey(stageName)) {
					throw ApiModelException.notFound("Invalid stage identifier specified " + stageName);
				}
				return definition.withDeployment(deploymentId, description, stageName);
			});
		}).flatMap((saved) -> V2Json.created(deploymentView(saved.requireDeployment(deploymentId))));
	}

	private Mono<ServerResponse> listDeployments(ServerRequest request) {
		return this.apis.require(request).flatMap((definition) -> {
			List<Deployment> deployments = definition.deployments()
				.values()
				.stream()
				.sorted(Comparator.comparing(Deployment::deploymentId))
				.toList();
			return V2Json.ok(V2Page.of(deployments, Deployment::deploymentId, request, StageV2Handler::deploymentView));
		});
	}

	private Mono<ServerResponse> getDeployment(ServerRequest request) {
		return this.apis.require(request)
			.flatMap((definition) -> V2Json
				.ok(deploymentView(definition.requireDeployment(request.pathVariable("deploymentId")))));
	}

	private Mono<ServerResponse> updateDeployment(ServerRequest request) {
		String deploymentId = request.pathVariable("deploymentId");
		return V2Resources.body(request)
			.flatMap((body) -> this.apis.update(request,
					(definition) -> definition.withDeploymentDescription(deploymentId, text(body, "description"))))
			.flatMap((saved) -> V2Json.ok(deploymentView(saved.requireDeployment(deploymentId))));
	}

	private Mono<ServerResponse> deleteDeployment(ServerRequest request) {
		return this.apis
			.update(request, (definition) -> definition.withoutDeployment(request.pathVariable("deploymentId")))
			.then(V2Json.noContent());
	}

	/** Route settings of an UpdateStage body laid over the current ones, route key by route key. */
	private static void mergeRouteSettings(ObjectNode body, Stage current) {
		if (body.get("routeSettings") instanceof ObjectNode changed) {
			ObjectNode merged = V2Json.mapper().valueToTree(current.routeSettings());
			merged.setAll(changed);
			body.set("routeSettings", merged);
		}
	}

	private static @Nullable String text(ObjectNode body, String field) {
		JsonNode value = body.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static String stageName(ServerRequest request) {
		return V2Apis.pathVariable(request, "stageName");
	}

	private static Stage stage(ApiV2Definition definition, ServerRequest request) {
		return definition.requireStage(stageName(request));
	}

	private static Stage unmanaged(Stage stage) {
		if (stage.apiGatewayManaged()) {
			throw ApiModelException.conflict("Stage " + stage.stageName()
					+ " is managed by API Gateway (quick create) and cannot be changed or deleted");
		}
		return stage;
	}

	static Object view(Stage stage) {
		return V2Resources.view(stage, STAGE_KEEP_EMPTY);
	}

	static Object deploymentView(Deployment deployment) {
		return V2Resources.view(deployment, Set.of(), "configuration");
	}

}
