package io.tollgate.model.v2;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.HttpVerbs;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP API route key, {@code $default} or {@code METHOD /path}: METHOD one of {@code ANY GET POST PUT PATCH
 * DELETE HEAD OPTIONS}, path segments literal, {@code {name}} or, as the last segment only, greedy
 * {@code {name+}}.
 *
 * @param method the verb ({@code ANY} for every verb), {@code null} for {@code $default}
 * @param path the path, {@code null} for {@code $default}
 */
public record HttpRouteKey(@Nullable String method, @Nullable String path) {

	public static final String DEFAULT = "$default";

	/** A segment of a path: a literal, or a whole {@code {name}} / {@code {name+}}. */
	private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%-]+");

	private static final Pattern PARAMETER = Pattern.compile("\\{[A-Za-z0-9._-]+\\+?}");

	/** Parses and checks a route key; {@code $default} is {@link #DEFAULT_KEY}. */
	public static HttpRouteKey parse(@Nullable String routeKey) {
		if (DEFAULT.equals(routeKey)) {
			return DEFAULT_KEY;
		}
		int space = (routeKey != null) ? routeKey.indexOf(' ') : -1;
		if (space < 0) {
			throw invalid(routeKey);
		}
		String verb = routeKey.substring(0, space);
		String path = routeKey.substring(space + 1);
		if (!verb.equals(HttpVerbs.ANY) && !HttpVerbs.CONCRETE.contains(verb)) {
			throw invalid(routeKey);
		}
		if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
			throw invalid(routeKey);
		}
		if (path.length() > 1) {
			String[] segments = path.substring(1).split("/", -1);
			for (int i = 0; i < segments.length; i++) {
				String segment = segments[i];
				boolean parameter = PARAMETER.matcher(segment).matches();
				if (!parameter && !LITERAL.matcher(segment).matches()) {
					throw invalid(routeKey);
				}
				if (parameter && segment.endsWith("+}") && i != segments.length - 1) {
					throw ApiModelException.badRequest("Invalid route key " + routeKey
							+ ": a greedy path variable must be the last segment");
				}
			}
		}
		return new HttpRouteKey(verb, path);
	}

	/** The {@code $default} route. */
	public static final HttpRouteKey DEFAULT_KEY = new HttpRouteKey(null, null);

	public boolean isDefault() {
		return this.method == null;
	}

	/** Whether the last segment is greedy ({@code {proxy+}}). */
	public boolean isGreedy() {
		return this.path != null && this.path.endsWith("+}");
	}

	/** The path's segments, without the leading empty one ({@code "/"} has none). */
	public List<String> segments() {
		if (this.path == null || this.path.equals("/")) {
			return List.of();
		}
		return List.of(this.path.substring(1).split("/"));
	}

	/**
	 * What makes two route keys the same route: the verb and the path with every parameter name blanked, so that
	 * {@code GET /pets/{id}} and {@code GET /pets/{petId}} collide.
	 */
	public String signature() {
		if (isDefault()) {
			return DEFAULT;
		}
		List<String> shape = new ArrayList<>();
		for (String segment : segments()) {
			shape.add(segment.startsWith("{") ? (segment.endsWith("+}") ? "{+}" : "{}") : segment);
		}
		return this.method + " /" + String.join("/", shape);
	}

	@Override
	public String toString() {
		return isDefault() ? DEFAULT : this.method + " " + this.path;
	}

	private static ApiModelException invalid(@Nullable String routeKey) {
		return ApiModelException.badRequest("Invalid route key " + routeKey
				+ ": must be $default or METHOD /path with METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD,"
				+ " OPTIONS");
	}

}
