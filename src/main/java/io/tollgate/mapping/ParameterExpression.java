package io.tollgate.mapping;

import java.util.Map;

import io.tollgate.context.RequestContext;
import io.tollgate.model.ApiModelException;

import org.jspecify.annotations.Nullable;

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

	private static @Nullable String contextValue(Map<String, Object> variables, String dottedName) {
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
