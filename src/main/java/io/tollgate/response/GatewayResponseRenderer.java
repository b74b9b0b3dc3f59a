package io.tollgate.response;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.context.RequestContext;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.mapping.MappingTemplateException;
import io.tollgate.mapping.ParameterExpression;
import io.tollgate.mapping.TemplateInput;
import io.tollgate.mapping.TemplateVariables;
import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiModelException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.io.JsonStringEncoder;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Renders a gateway response as the API's deployment defines it: its customised status, headers
 * ({@code gatewayresponse.header.*} mappings) and template, with {@code DEFAULT_4XX/5XX} inheritance
 * ({@link GatewayResponses#effective}); AWS's {@code {"message": ...}} when nothing is customised.
 */
public final class GatewayResponseRenderer {

	/**
	 * The exchange attribute holding the {@link ApiComponents} of the deployment a request addressed, set as soon
	 * as the stage is known, even when no method matches.
	 */
	public static final String COMPONENTS_ATTRIBUTE = GatewayResponseRenderer.class.getName() + ".components";

	/** The header naming the error: {@code x-amzn-ErrorType}. */
	public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

	private static final Log logger = LogFactory.getLog(GatewayResponseRenderer.class);

	private final MappingTemplateEngine templates;

	public GatewayResponseRenderer(MappingTemplateEngine templates) {
		this.templates = templates;
	}

	public Mono<Void> render(ServerWebExchange exchange, GatewayResponseType type, @Nullable String message) {
		ApiComponents components = exchange.getAttribute(COMPONENTS_ATTRIBUTE);
		ServerHttpResponse response = exchange.getResponse();
		response.getHeaders().clear();
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().set(ERROR_TYPE_HEADER, type.errorType());
		if (components == null || components.gatewayResponses().isEmpty()) {
			response.setStatusCode(HttpStatusCode.valueOf(type.status()));
			return write(response, defaultBody(message));
		}
		GatewayResponses.Effective effective = GatewayResponses.effective(components, type);
		response.setStatusCode(HttpStatusCode.valueOf(effective.statusCode()));
		RequestContext context = RequestContext.find(exchange);
		effective.headers().forEach((name, expression) -> {
			String value = headerValue(expression, context, exchange.getRequest());
			if (value != null) {
				response.getHeaders().set(name, value);
			}
		});
		String template = effective.template(MediaType.APPLICATION_JSON_VALUE);
		return write(response, (template != null) ? body(template, type, message, context) : "");
	}

	private String body(String template, GatewayResponseType type, @Nullable String message,
			@Nullable RequestContext context) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", (message != null) ? message : "");
		error.put("messageString", quoted(message));
		error.put("responseType", type.name());
		error.put("validationErrorString", "");
		Map<String, Object> variables = (context != null) ? new LinkedHashMap<>(context.asTemplateVariables())
				: new LinkedHashMap<>();
		variables.put("error", error);
		try {
			return this.templates.render(template, new TemplateVariables(variables,
					(context != null) ? context.stageVariables() : Map.of(), TemplateInput.empty()));
		}
		catch (MappingTemplateException ex) {
			// A broken customisation must not hide the error itself.
			logger.warn("Gateway response template for " + type + " failed: " + ex.getMessage());
			return defaultBody(message);
		}
	}

	private static @Nullable String headerValue(String expression, @Nullable RequestContext context,
			ServerHttpRequest request) {
		try {
			ParameterExpression parsed = ParameterExpression.parse(expression);
			if (context != null) {
				return parsed.resolve(context, request, false);
			}
			return switch (parsed.source()) {
				case LITERAL -> parsed.name();
				case HEADER -> request.getHeaders().getFirst(parsed.name());
				case QUERYSTRING -> request.getQueryParams().getFirst(parsed.name());
				default -> null;
			};
		}
		catch (ApiModelException ex) {
			return null;
		}
	}

	/** AWS's default template, {@code {"message":$context.error.messageString}}; null renders as JSON null. */
	static String defaultBody(@Nullable String message) {
		return "{\"message\":" + quoted(message) + "}";
	}

	private static String quoted(@Nullable String message) {
		if (message == null) {
			return "null";
		}
		StringBuilder json = new StringBuilder(message.length() + 2).append('"');
		JsonStringEncoder.getInstance().quoteAsString(message, json);
		return json.append('"').toString();
	}

	private static Mono<Void> write(ServerHttpResponse response, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.getHeaders().setContentLength(bytes.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
	}


}
