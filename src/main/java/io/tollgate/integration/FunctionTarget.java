package io.tollgate.integration;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.function.FunctionUri;
import org.jspecify.annotations.Nullable;

/**
 * The function a Lambda integration (AWS or AWS_PROXY) calls: its URI, whose function name or alias may be
 * {@code ${stageVariables.x}}, resolved per request.
 */
final class FunctionTarget {

	private static final Pattern STAGE_VARIABLE = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_]+)}");

	private final String uri;

	private final @Nullable String fixedFunction;

	FunctionTarget(String uri) {
		this.uri = uri;
		this.fixedFunction = uri.contains("${") ? null : FunctionUri.functionOfArnOrUri(uri);
	}

	/** Whether the URI names a Lambda function at all (once its stage variables are substituted). */
	boolean isLambda() {
		return this.fixedFunction != null || this.uri.contains(":lambda:path/");
	}

	/** The function for a stage's variables; {@code null} when the URI does not resolve to one. */
	@Nullable String function(Map<String, String> stageVariables) {
		if (this.fixedFunction != null) {
			return this.fixedFunction;
		}
		Matcher matcher = STAGE_VARIABLE.matcher(this.uri);
		StringBuilder resolved = new StringBuilder();
		while (matcher.find()) {
			String value = stageVariables.get(matcher.group(1));
			if (value == null || value.isEmpty()) {
				return null;
			}
			matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(resolved);
		return FunctionUri.functionOfArnOrUri(resolved.toString());
	}

	@Override
	public String toString() {
		return this.uri;
	}

}
