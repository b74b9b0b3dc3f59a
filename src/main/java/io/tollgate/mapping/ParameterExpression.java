package io.tollgate.mapping;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.pipeline.RequestContext;
import io.tollgate.model.ApiModelException;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The right-hand side of an API Gateway parameter mapping, parsed once per deployment: a static
 * {@code 'value'}, {@code method.request.path|querystring|header.NAME}, {@code stageVariables.NAME} or
 * {@code context.NAME}.
 */
public record ParameterExpression(Source source, String name) {

	/** Where a mapped value comes from. */
	public enum Source {

		LITERAL, PATH, QUERYSTRING, HEADER, STAGE_VARIABLE, CONTEXT,

		/** {@code integration.response.header.X}: a backend response header, in integration response mappings. */
		INTEGRATION_RESPONSE_HEADER,

		/** {@code integration.response.body[.jsonPath]}: the backend response body, in integration response mappings. */
		INTEGRATION_RESPONSE_BODY

	}

	public static ParameterExpression parse(String expression) {
		if (expression.length() >= 2 && expression.startsWith("'") && expression.endsWith("'")) {
			return new ParameterExpression(Source.LITERAL, expression.substring(1, expression.length() - 1));
		}
		if (expression.startsWith("method.request.path.")) {
			return new ParameterExpression(Source.PATH, expression.substring("method.request.path.".length()));
		}
		if (expression.startsWith("method.request.querystring.")) {
			return new ParameterExpression(Source.QUERYSTRING,
					expression.substring("method.request.querystring.".length()));
		}
		if (expression.startsWith("method.request.header.")) {
			return new ParameterExpression(Source.HEADER, expression.substring("method.request.header.".length()));
		}
		if (expression.startsWith("stageVariables.")) {
			return new ParameterExpression(Source.STAGE_VARIABLE, expression.substring("stageVariables.".length()));
		}
		if (expression.startsWith("method.request.multivaluequerystring.")) {
			return new ParameterExpression(Source.QUERYSTRING,
					expression.substring("method.request.multivaluequerystring.".length()));
		}
		if (expression.startsWith("method.request.multivalueheader.")) {
			return new ParameterExpression(Source.HEADER,
					expression.substring("method.request.multivalueheader.".length()));
		}
		if (expression.startsWith("integration.response.header.")) {
			return new ParameterExpression(Source.INTEGRATION_RESPONSE_HEADER,
					expression.substring("integration.response.header.".length()));
		}
		if (expression.equals("integration.response.body") || expression.startsWith("integration.response.body.")) {
			return new ParameterExpression(Source.INTEGRATION_RESPONSE_BODY,
					expression.substring("integration.response.body".length()));
		}
		if (expression.startsWith("context.")) {
			return new ParameterExpression(Source.CONTEXT, expression.substring("context.".length()));
		}
		throw ApiModelException.badRequest("Invalid mapping expression specified: " + expression);
	}

	/**
	 * The value for one request, {@code null} when the source has none.
	 * @param encoded whether path values should stay URL-encoded (for substitution into URIs)
	 */
	public @Nullable String resolve(RequestContext context, ServerHttpRequest request, boolean encoded) {
		return switch (this.source) {
			case LITERAL -> this.name;
			case PATH -> (encoded ? context.rawPathParameters() : context.pathParameters()).get(this.name);
			case QUERYSTRING -> request.getQueryParams().getFirst(this.name);
			case HEADER -> request.getHeaders().getFirst(this.name);
			case STAGE_VARIABLE -> context.stageVariables().get(this.name);
			case CONTEXT -> contextValue(context.asTemplateVariables(), this.name);
			// Only an integration response has a backend response to read from; MOCK has none.
			case INTEGRATION_RESPONSE_HEADER, INTEGRATION_RESPONSE_BODY -> null;
		};
	}

	/**
	 * The value in an integration response mapping, where {@code integration.response.header.X} reads the backend's
	 * response header and {@code integration.response.body[.path]} its body (the whole text, or the value at a
	 * dotted path such as {@code .pet.name} or {@code .items[0].id}: strings as they are, anything else as JSON).
	 */
	public @Nullable String resolve(RequestContext context, ServerHttpRequest request, HttpHeaders backendHeaders,
			String backendBody) {
		return switch (this.source) {
			case INTEGRATION_RESPONSE_HEADER -> backendHeaders.getFirst(this.name);
			case INTEGRATION_RESPONSE_BODY -> this.name.isEmpty() ? backendBody : bodyValue(backendBody, this.name);
			default -> resolve(context, request, false);
		};
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern PATH_STEP = Pattern
		.compile("\\.([^.\\[]+)|\\[(\\d+)]");

	private static @Nullable String bodyValue(String body, String path) {
		JsonNode node;
		try {
			node = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
		Matcher step = PATH_STEP.matcher(path);
		int position = 0;
		while (node != null && position < path.length()) {
			if (!step.find(position) || step.start() != position) {
				return null;
			}
			node = (step.group(1) != null) ? node.get(step.group(1)) : node.get(Integer.parseInt(step.group(2)));
			position = step.end();
		}
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		return node.isString() ? node.asString() : node.toString();
	}

	/**
	 * The value of a dotted {@code $context} name ({@code authorizer.principalId}) in the request's context variables,
	 * or {@code null} when absent or not a single value; shared with WebSocket access logs.
	 */
	public static @Nullable String contextValue(Map<String, Object> variables, String dottedName) {
		Object value = variables;
		for (String part : dottedName.split("\\.")) {
			if (!(value instanceof Map<?, ?> map)) {
				return null;
			}
			value = map.get(part);
		}
		return (value != null && !(value instanceof Map)) ? value.toString() : null;
	}

}
