package io.tollgate.model.v2;

import java.time.Instant;

import io.tollgate.model.ModelChecks;
import io.tollgate.model.ModelIds;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of an HTTP or WebSocket API's configuration (AWS {@code Deployment}): its settings, routes,
 * integrations, authorizers and models as they were when it was made. Stages serve deployments, never the API's
 * editable draft.
 *
 * @param autoDeployed made by a stage's {@code autoDeploy} rather than CreateDeployment
 * @param deploymentStatus always {@value #DEPLOYED}: deployments here are complete when made
 * @param configuration what the deployment serves; not part of AWS's {@code Deployment} shape
 */
public record Deployment(String deploymentId, @Nullable String description, Instant createdDate,
		boolean autoDeployed, String deploymentStatus, @Nullable String deploymentStatusMessage,
		ApiConfiguration configuration) {

	public static final String DEPLOYED = "DEPLOYED";

	/** The description AWS gives automatic deployments. */
	public static final String AUTOMATIC_DESCRIPTION = "Automatic deployment triggered by changes to the Api configuration";

	public Deployment(String deploymentId, @Nullable String description, Instant createdDate, boolean autoDeployed,
			@Nullable String deploymentStatus, @Nullable String deploymentStatusMessage,
			ApiConfiguration configuration) {
		this.deploymentId = ModelIds.requireId(deploymentId, "deploymentId");
		this.description = description;
		this.createdDate = ModelChecks.require(createdDate, "createdDate");
		this.autoDeployed = autoDeployed;
		this.deploymentStatus = (deploymentStatus != null) ? deploymentStatus : DEPLOYED;
		this.deploymentStatusMessage = deploymentStatusMessage;
		this.configuration = ModelChecks.require(configuration, "configuration");
	}

	public Deployment withDescription(@Nullable String newDescription) {
		return new Deployment(this.deploymentId, newDescription, this.createdDate, this.autoDeployed,
				this.deploymentStatus, this.deploymentStatusMessage, this.configuration);
	}

}
