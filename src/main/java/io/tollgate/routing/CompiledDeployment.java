package io.tollgate.routing;

import java.util.List;

import io.tollgate.model.ApiComponents;

import org.springframework.cloud.gateway.route.Route;

/**
 * A deployment compiled for one stage: its routes, the path tree that finds them, and the frozen API components
 * (gateway responses among them) its requests are answered with.
 *
 * @param executeApiEndpointDisabled whether the deployed API is only served through custom domains
 */
record CompiledDeployment(String deploymentId, PathTree<ResourceRoutes> tree, List<Route> routes,
		ApiComponents components, boolean executeApiEndpointDisabled) {

}
