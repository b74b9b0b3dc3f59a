package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.pipeline.RequestContext;
import io.tollgate.mapping.ParameterExpression;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Integration;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.response.HeaderValues;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriUtils;

/**
 * An HTTP integration's URI, parsed once: literal text, {@code ${stageVariables.name}} and {@code {param}}
 * placeholders. A {@code {param}} takes the value mapped to {@code integration.request.path.param} in the
 * integration's request parameters, or else the method's path parameter of that name.
 */
final class IntegrationUri {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_]+)}|\\{([A-Za-z0-9._-]+)\\+?}");

	private final String template;

	private final List<Part> parts;

	private IntegrationUri(String template, List<Part> parts) {
		this.template = template;
		this.parts = parts;
	}

	static IntegrationUri parse(String template, Map<String, String> requestParameters) {
		List<Part> parts = new ArrayList<>();
		Matcher matcher = PLACEHOLDER.matcher(template);
		int last = 0;
		while (matcher.find()) {
			if (matcher.start() > last) {
				parts.add(new Part(null, template.substring(last, matcher.start())));
			}
			if (matcher.group(1) != null) {
				parts.add(new Part(new ParameterExpression(ParameterExpression.Source.STAGE_VARIABLE,
						matcher.group(1)), null));
			}
			else {
				String mapped = requestParameters.get("integration.request.path." + matcher.group(2));
				parts.add(new Part((mapped != null) ? ParameterExpression.parse(mapped)
						: new ParameterExpression(ParameterExpression.Source.PATH, matcher.group(2)), null));
			}
			last = matcher.end();
		}
		if (last < template.length()) {
			parts.add(new Part(null, template.substring(last)));
		}
		if (!template.startsWith("http://") && !template.startsWith("https://")
				&& !template.startsWith("${stageVariables.")) {
			throw ApiModelException.badRequest("Invalid HTTP endpoint specified for URI");
		}
		return new IntegrationUri(template, List.copyOf(parts));
	}

	/** The backend URL for one request, without the request's query string. */
	String expand(RequestContext context, ServerHttpRequest request) {
		StringBuilder url = new StringBuilder(this.template.length() + 32);
		for (Part part : this.parts) {
			if (part.literal() != null) {
				url.append(part.literal());
				continue;
			}
			ParameterExpression expression = Objects.requireNonNull(part.expression());
			String value = expression.resolve(context, request, true);
			if (value == null) {
				// AWS fails the call when a URI placeholder has no value.
				throw new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR);
			}
			HeaderValues.requireSafeRequestValue(value);
			// A decoded client value is data: encoded, its '/', '..', '?' or '#' cannot reshape the backend URL.
			url.append(isConfigured(expression) ? value : UriUtils.encode(value, StandardCharsets.UTF_8));
		}
		return url.toString();
	}

	/**
	 * Whether a value is part of the URL as written: configuration (literals, stage variables) or a path parameter,
	 * which {@link ParameterExpression#resolve} gives as it appeared in the request, still encoded.
	 */
	private static boolean isConfigured(ParameterExpression expression) {
		return switch (expression.source()) {
			case LITERAL, STAGE_VARIABLE, PATH -> true;
			default -> false;
		};
	}

	/** The URL itself when the template has no placeholders, else {@code null}. */
	@Nullable String fixed() {
		return (this.parts.size() == 1 && this.parts.get(0).literal() != null) ? this.template : null;
	}

	/** The template with its secrets redacted: what the route listing shows. */
	@Override
	public String toString() {
		return Integration.redact(this.template);
	}

	/** Either a literal or an expression. */
	private record Part(@Nullable ParameterExpression expression, @Nullable String literal) {

	}

}
