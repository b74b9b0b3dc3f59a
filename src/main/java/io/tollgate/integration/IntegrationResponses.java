package io.tollgate.integration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.re2j.Pattern;
import io.tollgate.mapping.ParameterExpression;
import io.tollgate.model.AuthorRegex;
import io.tollgate.model.IntegrationResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A method's integration responses, compiled once: chooses the one whose {@code selectionPattern} matches the
 * whole backend outcome (a status code, or a Lambda error message), else the default response without a pattern;
 * holds each response's parsed {@code method.response.header.*} mappings and chooses its template.
 */
final class IntegrationResponses {

	private static final String HEADER_PARAMETER = "method.response.header.";

	private final List<Selectable> patterned;

	private final @Nullable IntegrationResponse defaultResponse;

	private final Map<String, Map<String, ParameterExpression>> headers;

	IntegrationResponses(Map<String, IntegrationResponse> responses) {
		List<Selectable> withPattern = new ArrayList<>();
		IntegrationResponse fallback = null;
		Map<String, Map<String, ParameterExpression>> headers = new LinkedHashMap<>();
		for (IntegrationResponse response : responses.values()) {
			if (response.isDefault()) {
				fallback = response;
			}
			else {
				withPattern.add(new Selectable(
						AuthorRegex.compile(response.selectionPattern(), Pattern.DOTALL, "selection pattern"), response));
			}
			Map<String, ParameterExpression> parsed = new LinkedHashMap<>();
			response.responseParameters().forEach((target, expression) -> {
				if (target.startsWith(HEADER_PARAMETER)) {
					parsed.put(target.substring(HEADER_PARAMETER.length()), ParameterExpression.parse(expression));
				}
			});
			headers.put(response.statusCode(), Map.copyOf(parsed));
		}
		this.patterned = List.copyOf(withPattern);
		this.defaultResponse = fallback;
		this.headers = Map.copyOf(headers);
	}

	/** The response for a backend outcome, or {@code null} when none matches and there is no default. */
	@Nullable IntegrationResponse select(String outcome) {
		for (Selectable candidate : this.patterned) {
			if (candidate.pattern().matcher(outcome).matches()) {
				return candidate.response();
			}
		}
		return this.defaultResponse;
	}

	/** The {@code method.response.header.*} mappings of a response, by header name. */
	Map<String, ParameterExpression> headerMappings(IntegrationResponse response) {
		return this.headers.getOrDefault(response.statusCode(), Map.of());
	}

	/** The response template for the first Accept type, else the JSON one, else any; {@code null} when none. */
	static Map.@Nullable Entry<String, String> responseTemplate(IntegrationResponse response,
			ServerHttpRequest request) {
		Map<String, String> templates = response.responseTemplates();
		if (templates.isEmpty()) {
			return null;
		}
		List<MediaType> accepted;
		try {
			accepted = request.getHeaders().getAccept();
		}
		catch (IllegalArgumentException ex) {
			accepted = List.of();
		}
		if (!accepted.isEmpty()) {
			// AWS honours only the first Accept type.
			MediaType first = accepted.get(0);
			String key = first.getType() + "/" + first.getSubtype();
			String template = templates.get(key);
			if (template != null) {
				return Map.entry(key, template);
			}
		}
		String json = templates.get(MediaType.APPLICATION_JSON_VALUE);
		if (json != null) {
			return Map.entry(MediaType.APPLICATION_JSON_VALUE, json);
		}
		return templates.entrySet().iterator().next();
	}

	private record Selectable(Pattern pattern, IntegrationResponse response) {
	}

}
