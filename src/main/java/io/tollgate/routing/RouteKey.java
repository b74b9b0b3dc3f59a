package io.tollgate.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP API route key: {@code $default}, or {@code METHOD /path} with METHOD one of {@code ANY GET POST PUT PATCH
 * DELETE HEAD OPTIONS} and path segments literal, {@code {name}} or, last only, greedy {@code {name+}}.
 *
 * @param method the verb ({@code ANY} included); {@code null} for {@code $default}
 * @param path the path template; {@code null} for {@code $default}
 * @param parameterNames the name bound by each segment of the path, {@code null} for literal segments
 */
public record RouteKey(@Nullable String method, @Nullable String path, List<@Nullable String> parameterNames) {

	/** The route that catches every request no other route matches. */
	public static final String DEFAULT = "$default";

	public static final String ANY = "ANY";

	private static final Set<String> METHODS = Set.of(ANY, "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD",
			"OPTIONS");

	public static final RouteKey DEFAULT_ROUTE = new RouteKey(null, null, List.of());

	public RouteKey {
		parameterNames = Collections.unmodifiableList(new ArrayList<>(parameterNames));
	}

	/**
	 * Parses a route key as the management API accepts it.
	 * @throws IllegalArgumentException when it is not one
	 */
	public static RouteKey parse(String routeKey) {
		if (DEFAULT.equals(routeKey)) {
			return DEFAULT_ROUTE;
		}
		int space = routeKey.indexOf(' ');
		if (space < 0) {
			throw invalid(routeKey);
		}
		String method = routeKey.substring(0, space);
		String path = routeKey.substring(space + 1);
		if (!METHODS.contains(method) || !path.startsWith("/") || path.indexOf(' ') >= 0) {
			throw invalid(routeKey);
		}
		List<@Nullable String> names = new ArrayList<>();
		String[] segments = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
		for (int i = 0; i < segments.length; i++) {
			String segment = segments[i];
			if (segment.isEmpty() && i == segments.length - 1 && i > 0) {
				// A trailing slash: the same route as without it.
				continue;
			}
			if (segment.isEmpty()) {
				throw invalid(routeKey);
			}
			if (segment.startsWith("{") && segment.endsWith("}")) {
				boolean greedy = segment.endsWith("+}");
				String name = segment.substring(1, segment.length() - (greedy ? 2 : 1));
				if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+") || (greedy && i != segments.length - 1)
						|| names.contains(name)) {
					throw invalid(routeKey);
				}
				names.add(name);
			}
			else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
				throw invalid(routeKey);
			}
			else {
				names.add(null);
			}
		}
		return new RouteKey(method, path, names);
	}

	private static IllegalArgumentException invalid(String routeKey) {
		return new IllegalArgumentException("Invalid route key: " + routeKey);
	}

	public boolean isDefault() {
		return this.method == null;
	}

	/** Whether the last segment is a greedy {@code {name+}}. */
	public boolean isGreedy() {
		return this.path != null && this.path.endsWith("+}");
	}

	/**
	 * The path with each parameter named by its position ({@code /pets/{1}}), so that routes whose keys differ only
	 * in parameter names share one place in a {@link RouteIndex}, as AWS treats them as the same route.
	 */
	String positionalPath() {
		if (this.path == null) {
			return "/";
		}
		StringBuilder positional = new StringBuilder();
		String[] segments = this.path.equals("/") ? new String[0] : this.path.substring(1).split("/");
		for (int i = 0; i < segments.length; i++) {
			positional.append('/');
			if (this.parameterNames.get(i) == null) {
				positional.append(segments[i]);
			}
			else {
				positional.append('{').append(i).append(segments[i].endsWith("+}") ? "+}" : "}");
			}
		}
		return positional.isEmpty() ? "/" : positional.toString();
	}

	@Override
	public String toString() {
		return isDefault() ? DEFAULT : this.method + " " + this.path;
	}

}
