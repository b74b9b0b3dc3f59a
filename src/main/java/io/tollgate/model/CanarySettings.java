package io.tollgate.model;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A stage's canary (AWS {@code CanarySettings}): {@code percentTraffic} percent of requests, drawn independently,
 * are served by {@code deploymentId} with the stage variables overridden by {@code stageVariableOverrides}.
 */
public record CanarySettings(@Nullable String deploymentId, double percentTraffic,
		Map<String, String> stageVariableOverrides, boolean useStageCache) {

	public CanarySettings(@Nullable String deploymentId, double percentTraffic,
			@Nullable Map<String, String> stageVariableOverrides, boolean useStageCache) {
		if (percentTraffic < 0.0 || percentTraffic > 100.0 || Double.isNaN(percentTraffic)) {
			throw ApiModelException.badRequest("Canary traffic percentage must be between 0.0 and 100.0");
		}
		this.deploymentId = deploymentId;
		this.percentTraffic = percentTraffic;
		this.stageVariableOverrides = StageVariables.check(stageVariableOverrides);
		this.useStageCache = useStageCache;
	}

}
