package io.tollgate.admin;

import java.util.Map;

import io.tollgate.auth.lambda.AuthorizerResultCache;
import io.tollgate.cache.ResponseCache;
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
 * FlushStageAuthorizersCache. FlushStageCache empties the stage's response cache and
 * FlushStageAuthorizersCache its Lambda authorizer results; both answer 404 for an unknown stage, else 202.
 */
public final class StageHandler implements AdminRoutes {

	private final ApiStore store;

	private final @Nullable ResponseCache responseCache;

	private @Nullable AuthorizerResultCache authorizerResultCache;

	public StageHandler(ApiStore store) {
		this(store, null);
	}

	/** With the stage cache that FlushStageCache empties. */
	public StageHandler(ApiStore store, @Nullable ResponseCache responseCache) {
		this.store = store;
		this.responseCache = responseCache;
	}

	/** The Lambda authorizer result cache that FlushStageAuthorizersCache empties; without one it only answers 202. */
	public void setAuthorizerResultCache(@Nullable AuthorizerResultCache authorizerResultCache) {
		this.authorizerResultCache = authorizerResultCache;
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

	/** FlushStageCache: empties the stage's response cache (on every replica, with Redis) and answers 202. */
	private Mono<ServerResponse> flushCache(ServerRequest request) {
		return AdminApis.require(this.store, request)
			.flatMap((api) -> {
				Stage stage = requireStage(api, request);
				return (this.responseCache != null) ? this.responseCache.flush(api.id(), stage.stageName())
						: Mono.<Void>empty();
			})
			.then(AdminJson.accepted());
	}

	/** FlushStageAuthorizersCache: forgets the stage's Lambda authorizer results (on every replica, with Redis). */
	private Mono<ServerResponse> flushAuthorizersCache(ServerRequest request) {
		return AdminApis.require(this.store, request)
			.flatMap((api) -> {
				Stage stage = requireStage(api, request);
				return (this.authorizerResultCache != null)
						? this.authorizerResultCache.flushStage(api.id(), stage.stageName()) : Mono.<Void>empty();
			})
			.then(AdminJson.accepted());
	}

	private static Stage requireStage(ApiDefinition api, ServerRequest request) {
		Stage stage = api.stages().get(request.pathVariable("stageName"));
		if (stage == null) {
			throw ApiModelException.notFound("Invalid Stage identifier specified");
		}
		return stage;
	}

}
