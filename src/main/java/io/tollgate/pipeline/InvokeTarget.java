package io.tollgate.pipeline;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The API, stage and resource path an invoke URL addresses. API Gateway's URL shapes are accepted:
 * <ul>
 * <li>host-style: {@code Host: {apiId}.execute-api.{anything}} and path {@code /{stage}/{path}};</li>
 * <li>path-style: {@code /restapis/{apiId}/{stage}/_user_request_/{path}};</li>
 * <li>the configured default API at {@code /{stage}/{path}}.</li>
 * </ul>
 *
 * @param path the path below the stage, starting with {@code /} ({@code /} for the root resource)
 */
public record InvokeTarget(String apiId, String stage, String path) {

	private static final String EXECUTE_API = ".execute-api.";

	private static final String PATH_STYLE_PREFIX = "/restapis/";

	private static final String USER_REQUEST = "/_user_request_";

	/**
	 * Parses a request's host and raw path.
	 * @return the target, or {@code null} when the request addresses no API or no stage
	 */
	public static @Nullable InvokeTarget parse(@Nullable String host, String rawPath, @Nullable String defaultApi) {
		if (host != null) {
			int marker = host.toLowerCase(Locale.ROOT).indexOf(EXECUTE_API);
			if (marker > 0) {
				return stageAndPath(host.substring(0, marker), rawPath, 0);
			}
		}
		if (rawPath.startsWith(PATH_STYLE_PREFIX)) {
			int apiEnd = rawPath.indexOf('/', PATH_STYLE_PREFIX.length());
			if (apiEnd < 0) {
				return null;
			}
			String apiId = rawPath.substring(PATH_STYLE_PREFIX.length(), apiEnd);
			int stageEnd = rawPath.indexOf('/', apiEnd + 1);
			if (stageEnd < 0 || !rawPath.startsWith(USER_REQUEST, stageEnd)) {
				return null;
			}
			String rest = rawPath.substring(stageEnd + USER_REQUEST.length());
			if (!rest.isEmpty() && rest.charAt(0) != '/') {
				return null;
			}
			return new InvokeTarget(apiId, rawPath.substring(apiEnd + 1, stageEnd), rest.isEmpty() ? "/" : rest);
		}
		return (defaultApi != null) ? stageAndPath(defaultApi, rawPath, 0) : null;
	}

	/**
	 * The API a request's host addresses ({@code {apiId}.execute-api.{anything}}), else the configured default
	 * API; {@code null} for neither. HTTP APIs take their stage from the path themselves, as the {@code $default}
	 * stage has no segment.
	 */
	public static @Nullable String hostApiId(@Nullable String host, @Nullable String defaultApi) {
		if (host != null) {
			int marker = host.toLowerCase(Locale.ROOT).indexOf(EXECUTE_API);
			if (marker > 0) {
				return host.substring(0, marker);
			}
		}
		return defaultApi;
	}

	private static @Nullable InvokeTarget stageAndPath(String apiId, String rawPath, int from) {
		int start = from;
		while (start < rawPath.length() && rawPath.charAt(start) == '/') {
			start++;
		}
		if (start >= rawPath.length()) {
			return null;
		}
		int end = rawPath.indexOf('/', start);
		String stage = (end < 0) ? rawPath.substring(start) : rawPath.substring(start, end);
		String rest = (end < 0) ? "/" : rawPath.substring(end);
		return new InvokeTarget(apiId, stage, rest);
	}

}
