package io.tollgate.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The value side of an HTTP API parameter mapping (aws-behavior-v2 §A.5.2): a static string, one expression such as
 * {@code $request.header.x-id}, {@code $request.querystring.page}, {@code $request.body.name},
 * {@code $request.path}, {@code $request.path.id}, {@code $context.requestId}, {@code $stageVariables.host}
 * (and in response mappings {@code $response.header.x}, {@code $response.body.x}), or text combining several
 * in braces ({@code ${request.path.name} ${request.path.id}}). Parsed once per deployment.
 */
final class HttpApiMappingValue {

	private static final Pattern BRACED = Pattern.compile("\\$\\{([^}]+)}");

	private static final Pattern EXPRESSION = Pattern
		.compile("(request\\.(?:header|querystring|path)\\.[^\\s]+|request\\.body(?:\\.[^\\s]+)?|request\\.path"
				+ "|response\\.header\\.[^\\s]+|response\\.body(?:\\.[^\\s]+)?|context\\.[A-Za-z0-9_.]+"
				+ "|stageVariables\\.[A-Za-z0-9_]+)");

	private final String text;

	private final List<Object> parts;

	private final boolean single;

	private HttpApiMappingValue(String text, List<Object> parts, boolean single) {
		this.text = text;
		this.parts = parts;
		this.single = single;
	}

	/**
	 * @throws IllegalArgumentException when an expression is not one of the sources above
	 */
	static HttpApiMappingValue parse(String value) {
		List<Object> parts = new ArrayList<>();
		if (value.contains("${")) {
			Matcher matcher = BRACED.matcher(value);
			int last = 0;
			while (matcher.find()) {
				if (matcher.start() > last) {
					parts.add(value.substring(last, matcher.start()));
				}
				parts.add(expression(matcher.group(1)));
				last = matcher.end();
			}
			if (last < value.length()) {
				parts.add(value.substring(last));
			}
			return new HttpApiMappingValue(value, List.copyOf(parts), false);
		}
		if (value.startsWith("$")) {
			return new HttpApiMappingValue(value, List.of(expression(value.substring(1))), true);
		}
		return new HttpApiMappingValue(value, List.of(value), false);
	}

	private static Expression expression(String expression) {
		if (!EXPRESSION.matcher(expression).matches()) {
			throw new IllegalArgumentException("Invalid mapping expression specified: $" + expression);
		}
		int dot = expression.indexOf('.');
		String source = expression.substring(0, dot);
		String rest = expression.substring(dot + 1);
		if (source.equals("request") || source.equals("response")) {
			int next = rest.indexOf('.');
			String kind = source + "." + ((next < 0) ? rest : rest.substring(0, next));
			String name = (next < 0) ? "" : rest.substring(next + 1);
			if (kind.endsWith(".body") && (expression.contains("..") || name.contains("?") || name.contains("("))) {
				throw new IllegalArgumentException("Invalid JSONPath in mapping expression: $" + expression);
			}
			return new Expression(kind, name);
		}
		return new Expression(source, rest);
	}

	/**
	 * The value for one request; {@code null} when it is a single expression whose source has no value (the mapping
	 * then maps nothing). Inside combined text a missing value is empty.
	 */
	@Nullable String resolve(Sources sources) {
		if (this.single) {
			Expression expression = (Expression) this.parts.get(0);
			return sources.value(expression.kind(), expression.name());
		}
		StringBuilder resolved = new StringBuilder();
		for (Object part : this.parts) {
			if (part instanceof Expression expression) {
				String value = sources.value(expression.kind(), expression.name());
				resolved.append((value != null) ? value : "");
			}
			else {
				resolved.append((String) part);
			}
		}
		return resolved.toString();
	}

	@Override
	public String toString() {
		return this.text;
	}

	/**
	 * @param kind {@code request.header}, {@code request.querystring}, {@code request.body}, {@code request.path},
	 * {@code response.header}, {@code response.body}, {@code context} or {@code stageVariables}
	 * @param name the header, parameter, JSONPath below the root ({@code ""} for the whole), variable
	 */
	record Expression(String kind, String name) {
	}

	/** Where the values of one request (and response) come from. */
	@FunctionalInterface
	interface Sources {

		@Nullable String value(String kind, String name);

	}

}
