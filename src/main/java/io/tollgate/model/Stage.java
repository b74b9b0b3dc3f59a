package io.tollgate.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** A named, invocable snapshot of an API: which deployment it serves and with which settings (AWS {@code Stage}). */
public record Stage(String stageName, String deploymentId, @Nullable String description,
		Map<String, String> variables, Map<String, MethodSetting> methodSettings, boolean cacheClusterEnabled,
		@Nullable String cacheClusterSize, @Nullable CanarySettings canarySettings, boolean tracingEnabled,
		@Nullable AccessLogSettings accessLogSettings, Map<String, String> tags, @Nullable Instant createdDate,
		@Nullable Instant lastUpdatedDate) {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

	public Stage(String stageName, String deploymentId, @Nullable String description,
			@Nullable Map<String, String> variables, @Nullable Map<String, MethodSetting> methodSettings,
			boolean cacheClusterEnabled, @Nullable String cacheClusterSize, @Nullable CanarySettings canarySettings,
			boolean tracingEnabled, @Nullable AccessLogSettings accessLogSettings, @Nullable Map<String, String> tags,
			@Nullable Instant createdDate, @Nullable Instant lastUpdatedDate) {
		if (stageName == null || !NAME.matcher(stageName).matches()) {
			throw ApiModelException.badRequest("Stage name only allows a-zA-Z0-9_- and at most 128 characters: "
					+ stageName);
		}
		this.stageName = stageName;
		this.deploymentId = ModelIds.requireId(deploymentId, "stage.deploymentId");
		this.description = description;
		this.variables = StageVariables.check(variables);
		this.methodSettings = Immutables.map(methodSettings);
		this.cacheClusterEnabled = cacheClusterEnabled;
		this.cacheClusterSize = cacheClusterSize;
		this.canarySettings = canarySettings;
		this.tracingEnabled = tracingEnabled;
		this.accessLogSettings = accessLogSettings;
		this.tags = Immutables.map(tags);
		this.createdDate = createdDate;
		this.lastUpdatedDate = lastUpdatedDate;
	}

	public static Stage of(String stageName, String deploymentId, @Nullable Map<String, String> variables) {
		return new Stage(stageName, deploymentId, null, variables, null, false, null, null, false, null, null, null,
				null);
	}

	public Stage withDeployment(String newDeploymentId) {
		return new Stage(this.stageName, newDeploymentId, this.description, this.variables, this.methodSettings,
				this.cacheClusterEnabled, this.cacheClusterSize, this.canarySettings, this.tracingEnabled,
				this.accessLogSettings, this.tags, this.createdDate, Instant.now());
	}

	public Stage withCanarySettings(@Nullable CanarySettings canary) {
		return new Stage(this.stageName, this.deploymentId, this.description, this.variables, this.methodSettings,
				this.cacheClusterEnabled, this.cacheClusterSize, canary, this.tracingEnabled, this.accessLogSettings,
				this.tags, this.createdDate, Instant.now());
	}

	/** The variables a canary request sees: the stage's, with the canary's overrides winning. */
	public Map<String, String> canaryVariables() {
		if (this.canarySettings == null || this.canarySettings.stageVariableOverrides().isEmpty()) {
			return this.variables;
		}
		Map<String, String> merged = new LinkedHashMap<>(this.variables);
		merged.putAll(this.canarySettings.stageVariableOverrides());
		return Map.copyOf(merged);
	}

	/**
	 * Promotes the canary as AWS does: the stage takes the canary's deployment and variable overrides, and the
	 * canary stays in place with no traffic until it is removed.
	 */
	public Stage promoteCanary() {
		if (this.canarySettings == null || this.canarySettings.deploymentId() == null) {
			throw ApiModelException.badRequest("Stage " + this.stageName + " has no canary to promote");
		}
		CanarySettings canary = this.canarySettings;
		return new Stage(this.stageName, canary.deploymentId(), this.description, canaryVariables(),
				this.methodSettings, this.cacheClusterEnabled, this.cacheClusterSize,
				new CanarySettings(canary.deploymentId(), 0.0, canary.stageVariableOverrides(), canary.useStageCache()), this.tracingEnabled,
				this.accessLogSettings, this.tags, this.createdDate, Instant.now());
	}

}
