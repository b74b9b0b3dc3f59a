package io.tollgate.model.v2;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import io.tollgate.model.AccessLogSettings;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Immutables;
import io.tollgate.model.ModelIds;
import io.tollgate.model.StageVariables;
import org.jspecify.annotations.Nullable;

/**
 * A stage of an HTTP or WebSocket API (AWS {@code Stage}): which deployment it serves and with which settings. The
 * stage named {@value #DEFAULT} is served at the API's root, without a stage segment. With {@code autoDeploy}, every
 * change of the API's configuration is deployed to it at once ({@link ApiV2Definition}).
 *
 * @param deploymentId the deployment served, {@code null} for a stage that serves nothing yet
 * @param routeSettings per route key ({@code GET /pets}), overriding {@code defaultRouteSettings}
 */
public record Stage(String stageName, @Nullable String deploymentId, @Nullable String description, boolean autoDeploy,
		Map<String, String> stageVariables, RouteSettings defaultRouteSettings,
		Map<String, RouteSettings> routeSettings, @Nullable AccessLogSettings accessLogSettings,
		@Nullable String clientCertificateId, Map<String, String> tags, boolean apiGatewayManaged,
		@Nullable String lastDeploymentStatusMessage, @Nullable Instant createdDate,
		@Nullable Instant lastUpdatedDate) {

	/** The stage served without a stage segment. */
	public static final String DEFAULT = "$default";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

	public Stage(String stageName, @Nullable String deploymentId, @Nullable String description, boolean autoDeploy,
			@Nullable Map<String, String> stageVariables, @Nullable RouteSettings defaultRouteSettings,
			@Nullable Map<String, RouteSettings> routeSettings, @Nullable AccessLogSettings accessLogSettings,
			@Nullable String clientCertificateId, @Nullable Map<String, String> tags, boolean apiGatewayManaged,
			@Nullable String lastDeploymentStatusMessage, @Nullable Instant createdDate,
			@Nullable Instant lastUpdatedDate) {
		if (stageName == null || !(DEFAULT.equals(stageName) || NAME.matcher(stageName).matches())) {
			throw ApiModelException.badRequest("Stage name only allows a-zA-Z0-9_- and at most 128 characters, or"
					+ " is $default: " + stageName);
		}
		this.stageName = stageName;
		this.deploymentId = (deploymentId != null) ? ModelIds.requireId(deploymentId, "deploymentId") : null;
		this.description = description;
		this.autoDeploy = autoDeploy;
		this.stageVariables = StageVariables.check(stageVariables);
		this.defaultRouteSettings = (defaultRouteSettings != null) ? defaultRouteSettings : RouteSettings.DEFAULT;
		this.routeSettings = Immutables.map(routeSettings);
		this.accessLogSettings = accessLogSettings;
		this.clientCertificateId = clientCertificateId;
		this.tags = Immutables.map(tags);
		this.apiGatewayManaged = apiGatewayManaged;
		this.lastDeploymentStatusMessage = lastDeploymentStatusMessage;
		this.createdDate = createdDate;
		this.lastUpdatedDate = lastUpdatedDate;
	}

	/** A stage with AWS's defaults, serving {@code deploymentId} (or nothing). */
	public static Stage of(String stageName, @Nullable String deploymentId, boolean autoDeploy) {
		return new Stage(stageName, deploymentId, null, autoDeploy, null, null, null, null, null, null, false, null,
				null, null);
	}

	public boolean isDefault() {
		return DEFAULT.equals(this.stageName);
	}

	/** The settings in force for {@code routeKey}: its own over the stage's defaults. */
	public RouteSettings settingsFor(String routeKey) {
		return this.defaultRouteSettings.overriddenBy(this.routeSettings.get(routeKey));
	}

	public Stage withDeployment(@Nullable String newDeploymentId) {
		return new Stage(this.stageName, newDeploymentId, this.description, this.autoDeploy, this.stageVariables,
				this.defaultRouteSettings, this.routeSettings, this.accessLogSettings, this.clientCertificateId,
				this.tags, this.apiGatewayManaged, this.lastDeploymentStatusMessage, this.createdDate, Instant.now());
	}

	public Stage withDates(@Nullable Instant created, @Nullable Instant updated) {
		return new Stage(this.stageName, this.deploymentId, this.description, this.autoDeploy, this.stageVariables,
				this.defaultRouteSettings, this.routeSettings, this.accessLogSettings, this.clientCertificateId,
				this.tags, this.apiGatewayManaged, this.lastDeploymentStatusMessage, created, updated);
	}

	public Stage withApiGatewayManaged(boolean managed) {
		return new Stage(this.stageName, this.deploymentId, this.description, this.autoDeploy, this.stageVariables,
				this.defaultRouteSettings, this.routeSettings, this.accessLogSettings, this.clientCertificateId,
				this.tags, managed, this.lastDeploymentStatusMessage, this.createdDate, this.lastUpdatedDate);
	}

}
