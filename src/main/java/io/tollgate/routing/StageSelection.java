package io.tollgate.routing;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The stage an HTTP API request addresses (aws-behavior-v2 §A.1.5): the stage the first path segment names, else
 * the {@code $default} stage, which is served at the root without a stage segment.
 *
 * @param stage the stage's name
 * @param path the request path below the stage ({@code /} at least), which routes match
 */
public record StageSelection(String stage, String path) {

	public static final String DEFAULT_STAGE = "$default";

	/**
	 * @param stages the names of the API's served stages
	 * @param rawPath the request path, still URL-encoded
	 * @return the selection, or {@code null} when no stage serves the path
	 */
	public static @Nullable StageSelection select(Set<String> stages, String rawPath) {
		int start = 0;
		while (start < rawPath.length() && rawPath.charAt(start) == '/') {
			start++;
		}
		if (start < rawPath.length()) {
			int end = rawPath.indexOf('/', start);
			String first = (end < 0) ? rawPath.substring(start) : rawPath.substring(start, end);
			if (!first.equals(DEFAULT_STAGE) && stages.contains(first)) {
				return new StageSelection(first, (end < 0) ? "/" : rawPath.substring(end));
			}
		}
		if (stages.contains(DEFAULT_STAGE)) {
			return new StageSelection(DEFAULT_STAGE, rawPath.isEmpty() ? "/" : rawPath);
		}
		return null;
	}

}
