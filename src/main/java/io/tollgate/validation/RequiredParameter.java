package io.tollgate.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tollgate.pipeline.RequestContext;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A request parameter that must be present: a REST method's {@code method.request.header|querystring|path.NAME} or
 * a WebSocket {@code $connect} route's {@code route.request.header|querystring.NAME} marked required.
 *
 * @param location where the parameter is
 * @param name its name
 */
public record RequiredParameter(Location location, String name) {

	/** Where a parameter is. */
	public enum Location {

		HEADER, QUERYSTRING, PATH

	}

	/** The prefix of a REST method's request parameters. */
	public static final String METHOD_REQUEST = "method.request.";

	/** The prefix of a WebSocket route's request parameters. */
	public static final String ROUTE_REQUEST = "route.request.";

	private static final Map<String, Location> LOCATIONS = Map.of("header.", Location.HEADER, "multivalueheader.",
			Location.HEADER, "querystring.", Location.QUERYSTRING, "multivaluequerystring.", Location.QUERYSTRING,
			"path.", Location.PATH);

	/**
	 * The required parameters among {@code requestParameters} (a key such as {@code method.request.header.X} →
	 * whether it is required), in AWS's report order (sorted by key); keys naming nothing a request carries are left
	 * out.
	 * @param source {@link #METHOD_REQUEST} or {@link #ROUTE_REQUEST}
	 */
	public static List<RequiredParameter> of(String source, Map<String, Boolean> requestParameters) {
		List<RequiredParameter> required = new ArrayList<>();
		new TreeMap<>(requestParameters).forEach((key, isRequired) -> {
			RequiredParameter parameter = (Boolean.TRUE.equals(isRequired) && key.startsWith(source))
					? parse(key.substring(source.length())) : null;
			if (parameter != null) {
				required.add(parameter);
			}
		});
		return List.copyOf(required);
	}

	private static @Nullable RequiredParameter parse(String parameter) {
		for (Map.Entry<String, Location> location : LOCATIONS.entrySet()) {
			if (parameter.startsWith(location.getKey()) && parameter.length() > location.getKey().length()) {
				return new RequiredParameter(location.getValue(), parameter.substring(location.getKey().length()));
			}
		}
		return null;
	}

	/** The names of the parameters the request lacks, in order. */
	public static List<String> missing(List<RequiredParameter> required, ServerHttpRequest request,
			@Nullable RequestContext context) {
		List<String> missing = new ArrayList<>();
		for (RequiredParameter parameter : required) {
			if (!parameter.isPresent(request, context)) {
				missing.add(parameter.name());
			}
		}
		return missing;
	}

	/** AWS's message for missing parameters: {@code Missing required request parameters: [a, b]}. */
	public static String message(List<String> missing) {
		return "Missing required request parameters: [" + String.join(", ", missing) + "]";
	}

	boolean isPresent(ServerHttpRequest request, @Nullable RequestContext context) {
		return switch (this.location) {
			case HEADER -> request.getHeaders().getFirst(this.name) != null;
			case QUERYSTRING -> request.getQueryParams().containsKey(this.name);
			case PATH -> context == null || context.pathParameters().containsKey(this.name);
		};
	}

}
