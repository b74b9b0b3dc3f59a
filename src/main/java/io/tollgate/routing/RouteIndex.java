package io.tollgate.routing;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The routes of one HTTP API stage, found with AWS's precedence (aws-behavior-v2 §A.2): a full match of the path
 * (a literal segment before a {@code {param}}) before a greedy {@code {proxy+}} match (the longer literal prefix
 * first), the request's own verb before {@code ANY} on the same path, and {@code $default} for everything else.
 * The path is matched below the stage. Immutable; O(path segments) per lookup, as the REST API's {@link PathTree}
 * it is built on.
 *
 * @param <T> what a route resolves to
 */
public final class RouteIndex<T> {

	private final PathTree<Map<String, Entry<T>>> tree;

	private final @Nullable Entry<T> defaultRoute;

	private RouteIndex(PathTree<Map<String, Entry<T>>> tree, @Nullable Entry<T> defaultRoute) {
		this.tree = tree;
		this.defaultRoute = defaultRoute;
	}

	public static <T> Builder<T> builder() {
		return new Builder<>();
	}

	/**
	 * The route of a request.
	 * @param method the request's verb
	 * @param path the request path below the stage, still URL-encoded
	 * @return the match, or {@code null} when no route (and no {@code $default}) serves the request
	 */
	public @Nullable Match<T> match(String method, String path) {
		PathTree.Match<Map<String, Entry<T>>> found = this.tree.match(path, (byVerb) -> routeFor(byVerb, method) != null);
		if (found == null) {
			return (this.defaultRoute != null) ? new Match<>(this.defaultRoute.value(), this.defaultRoute.key(), Map.of())
					: null;
		}
		Entry<T> entry = routeFor(found.value(), method);
		Map<String, String> parameters = new LinkedHashMap<>();
		found.rawParameters().forEach((position, value) -> {
			String name = entry.key().parameterNames().get(Integer.parseInt(position));
			if (name != null) {
				parameters.put(name, value);
			}
		});
		return new Match<>(entry.value(), entry.key(), Collections.unmodifiableMap(parameters));
	}

	private static <T> @Nullable Entry<T> routeFor(Map<String, Entry<T>> byVerb, String method) {
		Entry<T> exact = byVerb.get(method);
		return (exact != null) ? exact : byVerb.get(RouteKey.ANY);
	}

	/**
	 * A request's route.
	 * @param rawPathParameters the path parameters by name, as the URL has them (a greedy one spans the remaining
	 * segments, without a leading slash)
	 */
	public record Match<T>(T value, RouteKey key, Map<String, String> rawPathParameters) {
	}

	private record Entry<T>(RouteKey key, T value) {
	}

	/** Collects routes, then freezes them. */
	public static final class Builder<T> {

		private final Map<String, Map<String, Entry<T>>> byPath = new LinkedHashMap<>();

		private @Nullable Entry<T> defaultRoute;

		private Builder() {
		}

		/**
		 * Adds a route.
		 * @throws IllegalArgumentException when a route of the same key (up to parameter names) is there already
		 */
		public Builder<T> put(RouteKey key, T value) {
			Entry<T> entry = new Entry<>(key, value);
			if (key.isDefault()) {
				if (this.defaultRoute != null) {
					throw new IllegalArgumentException("Route $default exists already");
				}
				this.defaultRoute = entry;
				return this;
			}
			Map<String, Entry<T>> byVerb = this.byPath.computeIfAbsent(key.positionalPath(), (path) -> new HashMap<>());
			Entry<T> existing = byVerb.putIfAbsent(key.method(), entry);
			if (existing != null) {
				throw new IllegalArgumentException("Route " + key + " conflicts with route " + existing.key());
			}
			return this;
		}

		public RouteIndex<T> build() {
			PathTree.Builder<Map<String, Entry<T>>> tree = PathTree.builder();
			this.byPath.forEach((path, byVerb) -> tree.put(path, Map.copyOf(byVerb)));
			return new RouteIndex<>(tree.build(), this.defaultRoute);
		}

	}

}
