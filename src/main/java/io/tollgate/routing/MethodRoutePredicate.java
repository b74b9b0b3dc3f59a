package io.tollgate.routing;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;

/**
 * The predicate of a generated route: true when the exchange resolves to this route through the stage's path
 * tree. Requests never evaluate it (the indexed lookup finds routes directly); it keeps the route honest for the
 * actuator and for any caller that tests predicates.
 */
final class MethodRoutePredicate implements AsyncPredicate<ServerWebExchange> {

	private final String routeId;

	private final Resolver resolver;

	MethodRoutePredicate(String routeId, Resolver resolver) {
		this.routeId = routeId;
		this.resolver = resolver;
	}

	@Override
	public Publisher<Boolean> apply(ServerWebExchange exchange) {
		Route route = this.resolver.peek(exchange);
		return Mono.just(route != null && route.getId().equals(this.routeId));
	}

	@Override
	public String toString() {
		return "Tollgate method " + this.routeId;
	}

	/** Finds, without side effects, the route (base or canary) a request would take. */
	interface Resolver {

		@Nullable Route peek(ServerWebExchange exchange);

	}

}
