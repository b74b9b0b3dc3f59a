package io.tollgate.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.CanarySettings;
import io.tollgate.model.Deployment;
import io.tollgate.model.ModelIds;
import io.tollgate.model.Stage;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * CreateDeployment, GetDeployment(s), UpdateDeployment and DeleteDeployment. CreateDeployment with a
 * {@code stageName} also creates the stage or points it at the new deployment; with {@code canarySettings} the new
 * deployment becomes the existing stage's canary instead.
 */
public final class DeploymentHandler implements AdminRoutes {

	private final ApiStore store;

	public DeploymentHandler(ApiStore store) {
		this.store = store;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/restapis/{restApiId}/deployments", this::create)
			.GET("/restapis/{restApiId}/deployments", this::list)
			.GET("/restapis/{restApiId}/deployments/{deploymentId}", this::get)
			.PATCH("/restapis/{restApiId}/deployments/{deploymentId}", this::update)
			.DELETE("/restapis/{restApiId}/deployments/{deploymentId}", this::delete)
			.build();
	}

	/** The body of CreateDeployment. */
	record CreateDeploymentRequest(@Nullable String stageName, @Nullable String stageDescription,
			@Nullable String description, @Nullable Boolean cacheClusterEnabled, @Nullable String cacheClusterSize,
			@Nullable Map<String, String> variables, @Nullable DeploymentCanarySettings canarySettings,
			@Nullable Boolean tracingEnabled) {
	}

	/** AWS's {@code DeploymentCanarySettings}: the canary's deployment is the one being created. */
	record DeploymentCanarySettings(@Nullable Double percentTraffic,
			@Nullable Map<String, String> stageVariableOverrides, @Nullable Boolean useStageCache) {
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		// Chosen once, outside the change, so that a retried write creates the same deployment.
		String deploymentId = ModelIds.random();
		return AdminJson.read(request, CreateDeploymentRequest.class)
			.flatMap((body) -> AdminApis.update(this.store, request, (api) -> deploy(api, deploymentId, body)))
			.flatMap((api) -> AdminJson.created(DeploymentRepresentation.of(api.deployments().get(deploymentId))));
	}

	private static ApiDefinition deploy(ApiDefinition api, String deploymentId, CreateDeploymentRequest body) {
		String stageName = body.stageName();
		Stage existing = (stageName != null) ? api.stages().get(stageName) : null;
		if (body.canarySettings() != null) {
			if (stageName == null || stageName.isEmpty()) {
				throw ApiModelException.badRequest("Invalid deployment content specified.Non null and non empty "
						+ "stageName must be provided for canary deployment. Provided value is " + stageName);
			}
			if (existing == null) {
				throw ApiModelException.badRequest("Invalid deployment content specified.Stage " + stageName
						+ " must already be created before making a canary release deployment");
			}
		}
		ApiDefinition deployed = api.withDeployment(deploymentId, body.description());
		if (stageName == null) {
			return deployed;
		}
		StagePatches.Draft stage = StagePatches.Draft.of((existing != null) ? existing
				: Stage.of(stageName, deploymentId, null));
		DeploymentCanarySettings canary = body.canarySettings();
		if (canary != null) {
			stage.canary = new CanarySettings(deploymentId,
					(canary.percentTraffic() != null) ? canary.percentTraffic() : 0.0,
					canary.stageVariableOverrides(), Boolean.TRUE.equals(canary.useStageCache()));
		}
		else {
			// A plain deployment replaces what the stage serves, canary included (as LocalStack models AWS).
			stage.deploymentId = deploymentId;
			stage.canary = null;
		}
		if (body.variables() != null) {
			stage.variables.clear();
			stage.variables.putAll(body.variables());
		}
		if (body.stageDescription() != null) {
			stage.description = body.stageDescription();
		}
		if (body.cacheClusterEnabled() != null) {
			stage.cacheClusterEnabled = body.cacheClusterEnabled();
		}
		if (body.cacheClusterSize() != null) {
			stage.cacheClusterSize = StagePatches.cacheClusterSize(body.cacheClusterSize());
		}
		if (body.tracingEnabled() != null) {
			stage.tracingEnabled = body.tracingEnabled();
		}
		return deployed.withStage(stage.toStage());
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return AdminApis.require(this.store, request)
			.flatMap((api) -> AdminJson.ok(Map.of("item",
					api.deployments().values().stream().map(DeploymentRepresentation::of).toList())));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		boolean summary = request.queryParams()
			.getOrDefault("embed", List.of())
			.stream()
			.anyMatch("apisummary"::equalsIgnoreCase);
		return AdminApis.require(this.store, request).flatMap((api) -> {
			Deployment deployment = requireDeployment(api, request);
			return AdminJson.ok(summary ? DeploymentRepresentation.withApiSummary(deployment)
					: DeploymentRepresentation.of(deployment));
		});
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String deploymentId = request.pathVariable("deploymentId");
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> AdminApis.update(this.store, request, (api) -> {
				Deployment deployment = requireDeployment(api, request);
				Map<String, Deployment> deployments = new LinkedHashMap<>(api.deployments());
				deployments.put(deploymentId, patched(deployment, patch));
				return new ApiDefinition(api.restApi(), api.resources(), api.components(), deployments,
						api.stages(), api.version() + 1);
			}))
			.flatMap((api) -> AdminJson.ok(DeploymentRepresentation.of(api.deployments().get(deploymentId))));
	}

	private static Deployment patched(Deployment deployment, PatchRequest patch) {
		String description = deployment.description();
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			if (!operation.path().equals("/description")) {
				throw operation.unsupported();
			}
			switch (operation.op()) {
				case "replace", "add" -> description = operation.value();
				case "remove" -> description = null;
				default -> throw operation.unsupported();
			}
		}
		return new Deployment(deployment.id(), description, deployment.createdDate(), deployment.api(),
				deployment.resources(), deployment.components());
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		String deploymentId = request.pathVariable("deploymentId");
		return AdminApis.update(this.store, request, (api) -> api.withoutDeployment(deploymentId))
			.flatMap((api) -> AdminJson.accepted());
	}

	private static Deployment requireDeployment(ApiDefinition api, ServerRequest request) {
		Deployment deployment = api.deployments().get(request.pathVariable("deploymentId"));
		if (deployment == null) {
			throw ApiModelException.notFound("Invalid Deployment identifier specified");
		}
		return deployment;
	}

}
