package io.tollgate.routing;

import java.util.Map;

import io.tollgate.model.HttpVerbs;
import io.tollgate.model.Resource;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.route.Route;

/**
 * The routes of one resource by verb; one of API Gateway's verbs without its own method falls back to {@code ANY}.
 * Any other verb ({@code TRACE}, {@code CONNECT}, an invented one) routes nowhere.
 */
record ResourceRoutes(Resource resource, Map<String, Route> byVerb) {

	@Nullable Route routeFor(String verb) {
		Route route = this.byVerb.get(verb);
		if (route != null) {
			return route;
		}
		return HttpVerbs.CONCRETE.contains(verb) ? this.byVerb.get(HttpVerbs.ANY) : null;
	}

}
