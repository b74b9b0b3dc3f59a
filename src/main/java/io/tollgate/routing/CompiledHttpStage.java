package io.tollgate.routing;

import java.util.List;

import io.tollgate.model.v2.Stage;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.route.Route;

/**
 * An HTTP API stage ready to serve: its deployment's routes found by {@link RouteIndex}, and the route answering
 * CORS preflights when the deployed API has a CORS configuration.
 *
 * @param executeApiEndpointDisabled whether the deployed API is only served through custom domains
 */
record CompiledHttpStage(Stage stage, String deploymentId, RouteIndex<Route> index, @Nullable Route preflight,
		List<Route> routes, boolean executeApiEndpointDisabled) {

}
