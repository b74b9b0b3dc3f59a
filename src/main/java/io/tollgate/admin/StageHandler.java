package io.tollgate.admin;

import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.CanarySettings;
import io.tollgate.model.Stage;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * CreateStage, GetStage(s), UpdateStage (see {@link StagePatches} for its paths), DeleteStage, FlushStageCache and
 * FlushStageAuthorizersCache. Tollgate has neither a response cache nor an authorizer cache yet, so the two flushes
 * only check that the stage exists (404 otherwise) and answer 202 as AWS does.
 */
public final class StageHandler implements AdminRoutes {

	private final ApiStore store;

	public StageHandler(ApiStore store) {
		this.store = store;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/restapis/{restApiId}/stages", this::create)
			.GET("/restapis/{restApiId}/stages", this::list)
			.GET("/restapis/{restApiId}/stages/{stageName}", this::get)
			.PATCH("/restapis/{restApiId}/stages/{stageName}", this::update)
			.DELETE("/restapis/{restApiId}/stages/{stageName}", this::delete)
			.DELETE("/restapis/{restApiId}/stages/{stageName}/cache/data", this::flushCache)
			.DELETE("/restapis/{restApiId}/stages/{stageName}/cache/authorizers", this::flushAuthorizersCache)
			.build();
	}

	/** The body of CreateStage; {@code documentationVersion} is accepted and not kept (no documentation yet). */
	record CreateStageRequest(@Nullable String stageName, @Nullable String deploymentId, @Nullable String description,
			@Nullable Boolean cacheClusterEnabled, @Nullable String cacheClusterSize,
			@Nullable Map<String, String> variables, @Nullable String documentationVersion,
			@Nullable StageCanarySettings canarySettings, @Nullable Boolean tracingEnabled,
			@Nullable Map<String, String> tags) {
	}

	/** AWS's {@code CanarySettings} as CreateStage takes them: the deployment defaults to the stage's. */
	record StageCanarySettings(@Nullable String deploymentId, @Nullable Double percentTraffic,
			@Nullable Map<String, String> stageVariableOverrides, @Nullable Boolean useStageCache) {
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return AdminJson.read(request, CreateStageRequest.class).flatMap((body) -> AdminApis
			.update(this.store, request, (api) -> api.withStage(newStage(api, body)))
			.flatMap((api) -> AdminJson.created(StageRepresentation.of(api.stages().get(body.stageName())))));
	}

	private static Stage newStage(ApiDefinition api, CreateStageRequest body) {
		if (body.stageName() == null || body.stageName().isEmpty()) {
			throw ApiModelException.badRequest("Invalid stage identifier specified");
		}
		if (api.stages().containsKey(body.stageName())) {
			throw ApiModelException.conflict("Stage already exists");
		}
		String deploymentId = requireDeployment(api, body.deploymentId());
		CanarySettings canary = null;
		StageCanarySettings requested = body.canarySettings();
		if (requested != null) {
			canary = new CanarySettings(
					(requested.deploymentId() != null) ? requireDeployment(api, requested.deploymentId())
							: deploymentId,
					(requested.percentTraffic() != null) ? requested.percentTraffic() : 0.0,
					requested.stageVariableOverrides(), Boolean.TRUE.equals(requested.useStageCache()));
		}
		boolean cacheClusterEnabled = Boolean.TRUE.equals(body.cacheClusterEnabled());
		String size = (body.cacheClusterSize() != null) ? StagePatches.cacheClusterSize(body.cacheClusterSize())
				: null;
		Stage stage = new Stage(body.stageName(), deploymentId, body.description(), body.variables(), null,
				cacheClusterEnabled, size, canary, Boolean.TRUE.equals(body.tracingEnabled()), null, body.tags(), null,
				null);
		// Through a draft so that an enabled cache gets AWS's default size.
		return StagePatches.Draft.of(stage).toStage();
	}

	private static String requireDeployment(ApiDefinition api, @Nullable String deploymentId) {
		if (deploymentId == null || !api.deployments().containsKey(deploymentId)) {
			throw ApiModelException.badRequest("Deployment id does not exist");
		}
		return deploymentId;
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		String deploymentId = request.queryParam("deploymentId").orElse(null);
		return AdminApis.require(this.store, request)
			.flatMap((api) -> AdminJson.ok(Map.of("item", api.stages()
				.values()
				.stream()
				.filter((stage) -> deploymentId == null || deploymentId.equals(stage.deploymentId()))
				.map(StageRepresentation::of)
				.toList())));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return AdminApis.require(this.store, request)
			.flatMap((api) -> AdminJson.ok(StageRepresentation.of(requireStage(api, request))));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String stageName = request.pathVariable("stageName");
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> AdminApis.update(this.store, request, (api) -> api
				.withStage(StagePatches.apply(api, requireStage(api, request), patch.patchOperations()))))
			.flatMap((api) -> AdminJson.ok(StageRepresentation.of(api.stages().get(stageName))));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		return AdminApis.update(this.store, request, (api) -> api.withoutStage(requireStage(api, request).stageName()))
			.flatMap((api) -> AdminJson.accepted());
	}

	/**
	 * FlushStageCache. Tollgate has no response cache yet, so there is nothing to flush: the call checks that the
	 * stage exists and answers 202 as AWS does, so that tools that flush after a deployment keep working.
	 */
	private Mono<ServerResponse> flushCache(ServerRequest request) {
		return AdminApis.require(this.store, request)
			.doOnNext((api) -> requireStage(api, request))
			.flatMap((api) -> AdminJson.accepted());
	}

	/**
	 * FlushStageAuthorizersCache. Tollgate keeps no authorizer results yet, so there is nothing to flush: the call
	 * checks that the stage exists and answers 202 as AWS does.
	 */
	private Mono<ServerResponse> flushAuthorizersCache(ServerRequest request) {
		return flushCache(request);
	}

	private static Stage requireStage(ApiDefinition api, ServerRequest request) {
		Stage stage = api.stages().get(request.pathVariable("stageName"));
		if (stage == null) {
			throw ApiModelException.notFound("Invalid Stage identifier specified");
		}
		return stage;
	}

}
