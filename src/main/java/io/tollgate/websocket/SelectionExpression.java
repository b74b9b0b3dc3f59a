package io.tollgate.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket selection expression ({@code routeSelectionExpression}, {@code templateSelectionExpression}), parsed
 * once per deployment and evaluated against each message:
 * {@code $request.body.action}, the braced form {@code ${request.body.action}}, several variables with static text
 * between them ({@code ${request.body.service}/${request.body.action}}) and {@code \$} for a literal dollar
 * ({@code \$default}). A path that is missing in the body gives {@code ""}; a list gives its items as
 * {@code [a, b]}, an object its JSON. Evaluated once: a result that looks like an expression stays as it is.
 */
public final class SelectionExpression {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String BODY = "request.body";

	/** A path step: {@code .name} or {@code [index]}. */
	private static final Pattern STEP = Pattern.compile("\\.([^.\\[\\]]+)|\\[(\\d+)]");

	private final String expression;

	/** Literal text ({@code String}) and body paths ({@code BodyPath}), in order. */
	private final List<Object> parts;

	private final boolean readsBody;

	private record BodyPath(String path) {
	}

	private SelectionExpression(String expression, List<Object> parts) {
		this.expression = expression;
		this.parts = List.copyOf(parts);
		this.readsBody = parts.stream().anyMatch(BodyPath.class::isInstance);
	}

	/**
	 * @throws IllegalArgumentException when the expression names something other than the request body
	 */
	public static SelectionExpression parse(String expression) {
		List<Object> parts = new ArrayList<>();
		StringBuilder literal = new StringBuilder();
		int i = 0;
		while (i < expression.length()) {
			char c = expression.charAt(i);
			if (c == '\\' && i + 1 < expression.length() && expression.charAt(i + 1) == '$') {
				literal.append('$');
				i += 2;
				continue;
			}
			if (c != '$') {
				literal.append(c);
				i++;
				continue;
			}
			String variable;
			if (i + 1 < expression.length() && expression.charAt(i + 1) == '{') {
				int end = expression.indexOf('}', i + 2);
				if (end < 0) {
					throw new IllegalArgumentException("Unclosed ${ in selection expression: " + expression);
				}
				variable = expression.substring(i + 2, end);
				i = end + 1;
			}
			else {
				int end = i + 1;
				while (end < expression.length() && isPathChar(expression.charAt(end))) {
					end++;
				}
				variable = expression.substring(i + 1, end);
				i = end;
			}
			if (!variable.equals(BODY) && !variable.startsWith(BODY + ".") && !variable.startsWith(BODY + "[")) {
				throw new IllegalArgumentException("Selection expressions read $request.body only, not $"
						+ variable);
			}
			if (!literal.isEmpty()) {
				parts.add(literal.toString());
				literal.setLength(0);
			}
			parts.add(new BodyPath(variable.substring(BODY.length())));
		}
		if (!literal.isEmpty()) {
			parts.add(literal.toString());
		}
		return new SelectionExpression(expression, parts);
	}

	private static boolean isPathChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '[' || c == ']';
	}

	/**
	 * The route key a message selects.
	 * @return the evaluated key, or {@code null} when the expression reads the body and the message is not JSON
	 */
	public @Nullable String evaluate(String message) {
		JsonNode body = null;
		if (this.readsBody) {
			try {
				body = JSON.readTree(message);
			}
			catch (JacksonException ex) {
				return null;
			}
			if (body == null || body.isMissingNode()) {
				return null;
			}
		}
		StringBuilder key = new StringBuilder();
		for (Object part : this.parts) {
			if (part instanceof BodyPath path) {
				key.append(text(select(body, path.path())));
			}
			else {
				key.append((String) part);
			}
		}
		return key.toString();
	}

	private static @Nullable JsonNode select(@Nullable JsonNode body, String path) {
		JsonNode node = body;
		Matcher step = STEP.matcher(path);
		int position = 0;
		while (node != null && position < path.length()) {
			if (!step.find(position) || step.start() != position) {
				return null;
			}
			node = (step.group(1) != null) ? node.get(step.group(1)) : node.get(Integer.parseInt(step.group(2)));
			position = step.end();
		}
		return node;
	}

	private static String text(@Nullable JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return "";
		}
		if (node.isArray()) {
			List<String> items = new ArrayList<>();
			node.forEach((item) -> items.add(text(item)));
			return "[" + String.join(", ", items) + "]";
		}
		return node.isValueNode() ? node.asString() : node.toString();
	}

	@Override
	public String toString() {
		return this.expression;
	}

}
