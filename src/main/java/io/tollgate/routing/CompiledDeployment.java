package io.tollgate.routing;

import java.util.List;

import org.springframework.cloud.gateway.route.Route;

/** A deployment compiled for one stage: its routes and the path tree that finds them. */
record CompiledDeployment(String deploymentId, PathTree<ResourceRoutes> tree, List<Route> routes) {

}
