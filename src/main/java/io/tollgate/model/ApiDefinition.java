package io.tollgate.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One REST API with everything that belongs to it: its settings, its editable resource tree, its deployments and
 * its stages. Every change yields a new definition with a higher {@code version}; the constructor checks the whole
 * definition, so an invalid change is refused as a whole and nothing is half-applied.
 */
public record ApiDefinition(RestApi restApi, List<Resource> resources, ApiComponents components,
		Map<String, Deployment> deployments, Map<String, Stage> stages, long version) implements VersionedApi {

	public ApiDefinition(RestApi restApi, @Nullable List<Resource> resources, @Nullable ApiComponents components,
			@Nullable Map<String, Deployment> deployments, @Nullable Map<String, Stage> stages, long version) {
		this.restApi = ModelChecks.require(restApi, "restApi");
		this.resources = ResourceTree.check(Immutables.list(resources));
		this.components = (components != null) ? components : ApiComponents.EMPTY;
		this.deployments = Immutables.map(deployments);
		this.deployments.forEach((id, deployment) -> {
			if (!id.equals(deployment.id())) {
				throw ApiModelException.badRequest("Deployment key " + id + " does not match its id");
			}
		});
		this.stages = Immutables.map(stages);
		this.stages.forEach((name, stage) -> {
			if (!name.equals(stage.stageName())) {
				throw ApiModelException.badRequest("Stage key " + name + " does not match its stageName");
			}
			requireDeployment(stage.deploymentId());
			if (stage.canarySettings() != null && stage.canarySettings().deploymentId() != null) {
				requireDeployment(stage.canarySettings().deploymentId());
			}
		});
		this.version = version;
	}

	/** A new API with only its root resource. */
	public static ApiDefinition create(RestApi restApi) {
		RestApi created = (restApi.createdDate() != null) ? restApi : restApi.withCreatedDate(Instant.now());
		return new ApiDefinition(created, List.of(Resource.root(ModelIds.derived(restApi.id() + ":/"))), null, null,
				null, 0);
	}

	public String id() {
		return this.restApi.id();
	}

	public Resource rootResource() {
		return this.resources.get(0);
	}

	public Optional<Resource> resource(String resourceId) {
		return this.resources.stream().filter((resource) -> resource.id().equals(resourceId)).findFirst();
	}

	public Optional<Resource> resourceByPath(String path) {
		return this.resources.stream().filter((resource) -> resource.path().equals(path)).findFirst();
	}

	public Optional<Stage> stage(String stageName) {
		return Optional.ofNullable(this.stages.get(stageName));
	}

	public Deployment requireDeployment(String deploymentId) {
		Deployment deployment = this.deployments.get(deploymentId);
		if (deployment == null) {
			throw ApiModelException.badRequest("Deployment id does not exist: " + deploymentId);
		}
		return deployment;
	}

	/** Adds a child resource; the path part must be new among the parent's children. */
	public ApiDefinition withResource(String parentId, String pathPart, @Nullable String resourceId) {
		ResourceTree tree = ResourceTree.of(id(), this.resources);
		tree.add(parentId, pathPart, resourceId);
		return next(this.restApi, tree.resources(), this.deployments, this.stages);
	}

	/** Puts a method on a resource, replacing one with the same verb. */
	public ApiDefinition withMethod(String resourceId, Method method) {
		List<Resource> changed = new ArrayList<>(this.resources.size());
		boolean found = false;
		for (Resource resource : this.resources) {
			if (resource.id().equals(resourceId)) {
				changed.add(resource.withMethod(method));
				found = true;
			}
			else {
				changed.add(resource);
			}
		}
		if (!found) {
			throw ApiModelException.notFound("Invalid Resource identifier specified");
		}
		return next(this.restApi, changed, this.deployments, this.stages);
	}

	/**
	 * Freezes the current resources into a new deployment, as AWS {@code CreateDeployment}; an API without
	 * methods, or with a method that has no integration, cannot be deployed.
	 */
	public ApiDefinition withDeployment(String deploymentId, @Nullable String description) {
		boolean anyMethod = false;
		for (Resource resource : this.resources) {
			for (Method method : resource.resourceMethods().values()) {
				anyMethod = true;
				if (method.methodIntegration() == null) {
					throw ApiModelException.badRequest("No integration defined for method");
				}
			}
		}
		if (!anyMethod) {
			throw ApiModelException.badRequest("The REST API doesn't contain any methods");
		}
		if (this.deployments.containsKey(deploymentId)) {
			throw ApiModelException.conflict("Deployment " + deploymentId + " already exists");
		}
		Map<String, Deployment> changed = new LinkedHashMap<>(this.deployments);
		changed.put(deploymentId,
				new Deployment(deploymentId, description, Instant.now(), this.restApi, this.resources, this.components));
		return next(this.restApi, this.resources, changed, this.stages);
	}

	/** Creates or replaces a stage; the deployments it names must exist. */
	public ApiDefinition withStage(Stage stage) {
		Map<String, Stage> changed = new LinkedHashMap<>(this.stages);
		Stage previous = changed.get(stage.stageName());
		Instant created = (previous != null && previous.createdDate() != null) ? previous.createdDate()
				: Instant.now();
		changed.put(stage.stageName(),
				new Stage(stage.stageName(), stage.deploymentId(), stage.description(), stage.variables(),
						stage.methodSettings(), stage.cacheClusterEnabled(), stage.cacheClusterSize(),
						stage.canarySettings(), stage.tracingEnabled(), stage.accessLogSettings(), stage.tags(),
						created, Instant.now()));
		return next(this.restApi, this.resources, this.deployments, changed);
	}

	public ApiDefinition withoutStage(String stageName) {
		if (!this.stages.containsKey(stageName)) {
			throw ApiModelException.notFound("Invalid Stage identifier specified");
		}
		Map<String, Stage> changed = new LinkedHashMap<>(this.stages);
		changed.remove(stageName);
		return next(this.restApi, this.resources, this.deployments, changed);
	}

	/** Deletes a deployment, refused as in AWS while a stage (or its canary) serves it. */
	public ApiDefinition withoutDeployment(String deploymentId) {
		if (!this.deployments.containsKey(deploymentId)) {
			throw ApiModelException.notFound("Invalid Deployment identifier specified");
		}
		for (Stage stage : this.stages.values()) {
			boolean canary = stage.canarySettings() != null
					&& deploymentId.equals(stage.canarySettings().deploymentId());
			if (stage.deploymentId().equals(deploymentId) || canary) {
				throw ApiModelException
					.badRequest("Active stages pointing to this deployment must be moved or deleted");
			}
		}
		Map<String, Deployment> changed = new LinkedHashMap<>(this.deployments);
		changed.remove(deploymentId);
		return next(this.restApi, this.resources, changed, this.stages);
	}

	/** The same API with other settings. */
	public ApiDefinition withRestApi(RestApi api) {
		if (!api.id().equals(id())) {
			throw ApiModelException.badRequest("The id of a REST API cannot change");
		}
		return next(api, this.resources, this.deployments, this.stages);
	}

	/** The same API with other authorizers, validators, models or gateway responses. */
	public ApiDefinition withComponents(ApiComponents changed) {
		return new ApiDefinition(this.restApi, this.resources, changed, this.deployments, this.stages,
				this.version + 1);
	}

	/** The same API with another resource tree (replacing or removing resources). */
	public ApiDefinition withResources(List<Resource> changed) {
		return next(this.restApi, changed, this.deployments, this.stages);
	}

	/** The same content under another version number, for stores that renumber. */
	public ApiDefinition withVersion(long newVersion) {
		return new ApiDefinition(this.restApi, this.resources, this.components, this.deployments, this.stages,
				newVersion);
	}

	private ApiDefinition next(RestApi api, List<Resource> resources, Map<String, Deployment> deployments,
			Map<String, Stage> stages) {
		return new ApiDefinition(api, resources, this.components, deployments, stages, this.version + 1);
	}

}
