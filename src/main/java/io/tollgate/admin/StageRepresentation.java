package io.tollgate.admin;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tollgate.model.AccessLogSettings;
import io.tollgate.model.CanarySettings;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Stage;
import org.jspecify.annotations.Nullable;

/**
 * A stage as AWS's management API writes it: the model's fields plus {@code cacheClusterStatus}, and
 * {@code methodSettings} always present (AWS answers {@code {}} for a stage without any).
 */
record StageRepresentation(String stageName, String deploymentId, @Nullable String description,
		Map<String, String> variables,
		@JsonInclude(JsonInclude.Include.ALWAYS) Map<String, MethodSetting> methodSettings,
		boolean cacheClusterEnabled, @Nullable String cacheClusterSize, String cacheClusterStatus,
		@Nullable CanarySettings canarySettings, boolean tracingEnabled, @Nullable AccessLogSettings accessLogSettings,
		Map<String, String> tags, @Nullable Instant createdDate, @Nullable Instant lastUpdatedDate) {

	static StageRepresentation of(Stage stage) {
		// No cache cluster is provisioned: an enabled one is available at once, as AWS's is after creation.
		String status = stage.cacheClusterEnabled() ? "AVAILABLE" : "NOT_AVAILABLE";
		return new StageRepresentation(stage.stageName(), stage.deploymentId(), stage.description(), stage.variables(),
				stage.methodSettings(), stage.cacheClusterEnabled(), stage.cacheClusterSize(), status,
				stage.canarySettings(), stage.tracingEnabled(), stage.accessLogSettings(), stage.tags(),
				stage.createdDate(), stage.lastUpdatedDate());
	}

}
