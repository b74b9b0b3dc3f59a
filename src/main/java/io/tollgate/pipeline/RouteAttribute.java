package io.tollgate.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;

/**
 * A step whose whole work is to hand one exchange attribute of its route to later readers (the request meters, the
 * access log). A compiled route carries these as metadata instead of filters, and the route lookup sets them as it
 * picks the route: each would otherwise cost every request a step of the filter chain (an operator, a deferred
 * subscription, a chain object) to do one map put.
 */
public interface RouteAttribute extends PipelineStep {

	/** The route metadata holding the attributes of its {@code RouteAttribute} steps. */
	String METADATA_KEY = "tollgate.exchangeAttributes";

	String attributeName();

	Object attributeValue();

	@Override
	default Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		exchange.getAttributes().put(attributeName(), attributeValue());
		return chain.filter(exchange);
	}

	@Override
	default boolean runsInTestInvoke() {
		return false;
	}

	/**
	 * Compiles {@code filters} into {@code route}: the {@code RouteAttribute}s among them as its metadata, the
	 * others as its filters.
	 */
	static void compile(List<GatewayFilter> filters, Route.AsyncBuilder route) {
		List<GatewayFilter> steps = new ArrayList<>(filters.size());
		Map<String, Object> attributes = new HashMap<>();
		for (GatewayFilter filter : filters) {
			if (filter instanceof RouteAttribute attribute) {
				attributes.put(attribute.attributeName(), attribute.attributeValue());
			}
			else {
				steps.add(filter);
			}
		}
		route.filters(steps);
		if (!attributes.isEmpty()) {
			route.metadata(METADATA_KEY, Map.copyOf(attributes));
		}
	}

	/** Sets the attributes {@code route} carries on the exchange that takes it. */
	static void apply(Route route, ServerWebExchange exchange) {
		if (route.getMetadata().get(METADATA_KEY) instanceof Map<?, ?> attributes) {
			for (Map.Entry<?, ?> attribute : attributes.entrySet()) {
				exchange.getAttributes().put((String) attribute.getKey(), attribute.getValue());
			}
		}
	}

}
