package io.tollgate.routing;

import java.util.Map;

import io.tollgate.model.HttpVerbs;
import io.tollgate.model.Resource;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.route.Route;

/** The routes of one resource by verb; a verb without its own method falls back to {@code ANY}. */
record ResourceRoutes(Resource resource, Map<String, Route> byVerb) {

	@Nullable Route routeFor(String verb) {
		Route route = this.byVerb.get(verb);
		return (route != null) ? route : this.byVerb.get(HttpVerbs.ANY);
	}

}
