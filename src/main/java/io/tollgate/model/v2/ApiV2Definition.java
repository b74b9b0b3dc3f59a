package io.tollgate.model.v2;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.Immutables;
import io.tollgate.model.ModelChecks;
import io.tollgate.model.ModelIds;
import io.tollgate.model.VersionedApi;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP or WebSocket API with everything that belongs to it: its editable configuration (the draft: settings,
 * routes, integrations, authorizers, models), its deployments (frozen configurations) and its stages. Every change
 * yields a new definition with a higher {@code version}, the value stores compare-and-set on; the constructors of
 * this record and of {@link ApiConfiguration} check the whole API, so an invalid change is refused as a whole.
 *
 * <h2>What a stage serves</h2>
 * The data plane never reads the draft. For a request to stage {@code s}, read
 * {@link #deployedConfiguration(String) deployedConfiguration(s)}: the {@link ApiConfiguration} frozen by the
 * deployment the stage points at (empty when there is no such stage or it has no deployment yet: nothing is
 * served). Route-level settings (throttling, logging) and stage variables come from the {@link Stage} itself
 * ({@link Stage#settingsFor(String)}, {@link Stage#stageVariables()}), which takes effect without a deployment, as
 * on AWS. {@link Api#disableExecuteApiEndpoint()} and {@link Api#corsConfiguration()} are read from the deployed
 * configuration's {@link ApiConfiguration#api()}, since they take effect on deployment.
 *
 * <h2>Automatic deployment</h2>
 * Every change of the configuration through a {@code with…} method deploys it at once to the stages with
 * {@code autoDeploy} (one new deployment, {@code autoDeployed: true}, AWS's description); a stage turned to
 * {@code autoDeploy} gets the current configuration too. Automatic deployments that no stage serves any more are
 * dropped, so the definition does not grow with every change.
 */
public record ApiV2Definition(ApiConfiguration configuration, Map<String, Deployment> deployments,
		Map<String, Stage> stages, long version) implements VersionedApi {

	/** AWS's quota of stages per API. */
	public static final int MAX_STAGES = 10;

	public ApiV2Definition(ApiConfiguration configuration, @Nullable Map<String, Deployment> deployments,
			@Nullable Map<String, Stage> stages, long version) {
		this.configuration = ModelChecks.require(configuration, "configuration");
		this.deployments = Immutables.map(deployments);
		this.deployments.forEach((id, deployment) -> {
			if (!id.equals(deployment.deploymentId())) {
				throw ApiModelException.badRequest("Deployment key " + id + " does not match its id");
			}
			Api deployed = deployment.configuration().api();
			if (!deployed.apiId().equals(id()) || deployed.protocolType() != configuration.protocolType()) {
				throw ApiModelException.badRequest("Deployment " + id + " is of another API");
			}
		});
		this.stages = Immutables.map(stages);
		if (this.stages.size() > MAX_STAGES) {
			throw ApiModelException.badRequest("An API may have at most " + MAX_STAGES + " stages");
		}
		this.stages.forEach((name, stage) -> {
			if (!name.equals(stage.stageName())) {
				throw ApiModelException.badRequest("Stage key " + name + " does not match its stageName");
			}
			if (stage.deploymentId() != null) {
				requireDeployment(stage.deploymentId());
			}
		});
		this.version = version;
	}

	/** A new API with nothing but its settings, created now unless {@code api} says when. */
	public static ApiV2Definition create(Api api) {
		Api created = (api.createdDate() != null) ? api : api.withCreatedDate(Instant.now());
		return new ApiV2Definition(ApiConfiguration.of(created), null, null, 0);
	}

	public String id() {
		return this.configuration.api().apiId();
	}

	/** The API's current settings (the draft's). */
	public Api api() {
		return this.configuration.api();
	}

	public ProtocolType protocolType() {
		return this.configuration.protocolType();
	}

	public Optional<Stage> stage(String stageName) {
		return Optional.ofNullable(this.stages.get(stageName));
	}

	public Optional<Deployment> deployment(String deploymentId) {
		return Optional.ofNullable(this.deployments.get(deploymentId));
	}

	/**
	 * What stage {@code stageName} serves: the configuration its deployment froze; empty when the stage does not
	 * exist or has no deployment.
	 */
	public Optional<ApiConfiguration> deployedConfiguration(String stageName) {
		return stage(stageName).map(Stage::deploymentId)
			.map(this.deployments::get)
			.map(Deployment::configuration);
	}

	public Deployment requireDeployment(String deploymentId) {
		Deployment deployment = this.deployments.get(deploymentId);
		if (deployment == null) {
			throw ApiModelException.notFound("Invalid Deployment identifier specified " + deploymentId);
		}
		return deployment;
	}

	public Stage requireStage(String stageName) {
		Stage stage = this.stages.get(stageName);
		if (stage == null) {
			throw ApiModelException.notFound("Invalid stage identifier specified " + stageName);
		}
		return stage;
	}

	/**
	 * The API with another configuration (the draft), deployed at once to the {@code autoDeploy} stages when it
	 * differs from the current one.
	 */
	public ApiV2Definition withConfiguration(ApiConfiguration changed) {
		if (!changed.api().apiId().equals(id()) || changed.protocolType() != protocolType()) {
			throw ApiModelException.badRequest("The id and protocol type of an API cannot change");
		}
		if (changed.equals(this.configuration)) {
			return this;
		}
		return autoDeployed(new ApiV2Definition(changed, this.deployments, this.stages, this.version + 1));
	}

	/** Shorthand for {@link #withConfiguration} of a change of the current configuration. */
	public ApiV2Definition withConfiguration(UnaryOperator<ApiConfiguration> change) {
		return withConfiguration(change.apply(this.configuration));
	}

	public ApiV2Definition withApi(Api api) {
		return withConfiguration(this.configuration.withApi(api));
	}

	public ApiV2Definition withRoute(Route route) {
		return withConfiguration(this.configuration.withRoute(route));
	}

	public ApiV2Definition withoutRoute(String routeId) {
		return withConfiguration(this.configuration.withoutRoute(routeId));
	}

	public ApiV2Definition withRouteResponse(String routeId, RouteResponse response) {
		return withConfiguration(this.configuration.withRouteResponse(routeId, response));
	}

	public ApiV2Definition withoutRouteResponse(String routeId, String routeResponseId) {
		return withConfiguration(this.configuration.withoutRouteResponse(routeId, routeResponseId));
	}

	public ApiV2Definition withIntegration(Integration integration) {
		return withConfiguration(this.configuration.withIntegration(integration));
	}

	public ApiV2Definition withoutIntegration(String integrationId) {
		return withConfiguration(this.configuration.withoutIntegration(integrationId));
	}

	public ApiV2Definition withIntegrationResponse(String integrationId, IntegrationResponse response) {
		return withConfiguration(this.configuration.withIntegrationResponse(integrationId, response));
	}

	public ApiV2Definition withoutIntegrationResponse(String integrationId, String integrationResponseId) {
		return withConfiguration(this.configuration.withoutIntegrationResponse(integrationId, integrationResponseId));
	}

	public ApiV2Definition withAuthorizer(Authorizer authorizer) {
		return withConfiguration(this.configuration.withAuthorizer(authorizer));
	}

	public ApiV2Definition withoutAuthorizer(String authorizerId) {
		return withConfiguration(this.configuration.withoutAuthorizer(authorizerId));
	}

	public ApiV2Definition withModel(Model model) {
		return withConfiguration(this.configuration.withModel(model));
	}

	public ApiV2Definition withoutModel(String modelId) {
		return withConfiguration(this.configuration.withoutModel(modelId));
	}

	/**
	 * Creates or replaces a stage, keeping its creation date; the deployment it names must exist. A stage with
	 * {@code autoDeploy} that does not serve the current configuration gets it deployed.
	 */
	public ApiV2Definition withStage(Stage stage) {
		Stage previous = this.stages.get(stage.stageName());
		Instant now = Instant.now();
		Instant created = (previous != null && previous.createdDate() != null) ? previous.createdDate() : now;
		Map<String, Stage> changed = new LinkedHashMap<>(this.stages);
		changed.put(stage.stageName(), stage.withDates(created, now));
		ApiV2Definition next = new ApiV2Definition(this.configuration, this.deployments, changed, this.version + 1);
		boolean current = stage.deploymentId() != null
				&& this.configuration.equals(next.deployedConfiguration(stage.stageName()).orElse(null));
		return (stage.autoDeploy() && !current) ? next.deploy(newDeployment(true, null), stage.stageName()) : next;
	}

	public ApiV2Definition withoutStage(String stageName) {
		requireStage(stageName);
		Map<String, Stage> changed = new LinkedHashMap<>(this.stages);
		changed.remove(stageName);
		return new ApiV2Definition(this.configuration, this.deployments, changed, this.version + 1);
	}

	/**
	 * Freezes the current configuration into a new deployment (AWS {@code CreateDeployment}) and, when
	 * {@code stageName} is given, points that stage at it; a stage with {@code autoDeploy} cannot be deployed to by
	 * hand.
	 */
	public ApiV2Definition withDeployment(String deploymentId, @Nullable String description,
			@Nullable String stageName) {
		if (this.deployments.containsKey(deploymentId)) {
			throw ApiModelException.conflict("Deployment " + deploymentId + " already exists");
		}
		if (stageName != null && requireStage(stageName).autoDeploy()) {
			throw ApiModelException.badRequest("Stage " + stageName
					+ " has autoDeploy enabled and cannot be deployed manually");
		}
		Deployment deployment = new Deployment(deploymentId, description, Instant.now(), false, null, null,
				this.configuration);
		return (stageName != null) ? deploy(deployment, stageName) : deploy(deployment);
	}

	/** The same deployment with another description (AWS {@code UpdateDeployment}). */
	public ApiV2Definition withDeploymentDescription(String deploymentId, @Nullable String description) {
		Map<String, Deployment> changed = new LinkedHashMap<>(this.deployments);
		changed.put(deploymentId, requireDeployment(deploymentId).withDescription(description));
		return new ApiV2Definition(this.configuration, changed, this.stages, this.version + 1);
	}

	/** Deletes a deployment, refused as on AWS while a stage serves it. */
	public ApiV2Definition withoutDeployment(String deploymentId) {
		requireDeployment(deploymentId);
		for (Stage stage : this.stages.values()) {
			if (deploymentId.equals(stage.deploymentId())) {
				throw ApiModelException.badRequest("Active stages pointing to this deployment must be moved or deleted");
			}
		}
		Map<String, Deployment> changed = new LinkedHashMap<>(this.deployments);
		changed.remove(deploymentId);
		return new ApiV2Definition(this.configuration, changed, this.stages, this.version + 1);
	}

	/** The same content under another version number, for stores that renumber. */
	public ApiV2Definition withVersion(long newVersion) {
		return new ApiV2Definition(this.configuration, this.deployments, this.stages, newVersion);
	}

	private ApiV2Definition autoDeployed(ApiV2Definition changed) {
		String[] automatic = changed.stages.values()
			.stream()
			.filter(Stage::autoDeploy)
			.map(Stage::stageName)
			.toArray(String[]::new);
		return (automatic.length == 0) ? changed : changed.deploy(changed.newDeployment(true, null), automatic);
	}

	private Deployment newDeployment(boolean automatic, @Nullable String description) {
		String id = ModelIds.random();
		while (this.deployments.containsKey(id)) {
			id = ModelIds.random();
		}
		return new Deployment(id, automatic ? Deployment.AUTOMATIC_DESCRIPTION : description, Instant.now(),
				automatic, null, null, this.configuration);
	}

	/** Adds {@code deployment}, points {@code stageNames} at it and drops automatic deployments nobody serves. */
	private ApiV2Definition deploy(Deployment deployment, String... stageNames) {
		Map<String, Stage> stagesNow = new LinkedHashMap<>(this.stages);
		for (String stageName : stageNames) {
			stagesNow.put(stageName, stagesNow.get(stageName).withDeployment(deployment.deploymentId()));
		}
		Map<String, Deployment> deploymentsNow = new LinkedHashMap<>(this.deployments);
		deploymentsNow.put(deployment.deploymentId(), deployment);
		deploymentsNow.values()
			.removeIf((kept) -> kept.autoDeployed() && !kept.deploymentId().equals(deployment.deploymentId())
					&& stagesNow.values().stream().noneMatch((s) -> kept.deploymentId().equals(s.deploymentId())));
		return new ApiV2Definition(this.configuration, deploymentsNow, stagesNow, this.version + 1);
	}

}
