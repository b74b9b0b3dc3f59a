package io.tollgate.routing;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.tollgate.model.Stage;

import org.jspecify.annotations.Nullable;

/**
 * A stage ready to serve: its base deployment and, with a canary, the canary deployment and the share of traffic
 * it takes.
 */
record CompiledStage(Stage stage, CompiledDeployment base, @Nullable CompiledDeployment canary,
		Map<String, String> canaryVariables) {

	/** Draws, independently for each request, whether it goes to the canary. */
	boolean drawCanary() {
		if (this.canary == null) {
			return false;
		}
		double percent = this.stage.canarySettings().percentTraffic();
		return percent > 0.0 && ThreadLocalRandom.current().nextDouble(100.0) < percent;
	}

	/** {@code null} when the stage has no canary, as AWS leaves {@code $context.isCanaryRequest} unset then. */
	@Nullable Boolean canaryFlag(boolean canaryRequest) {
		return (this.canary != null) ? canaryRequest : null;
	}

}
