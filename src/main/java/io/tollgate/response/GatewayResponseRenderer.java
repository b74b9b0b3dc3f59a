package io.tollgate.response;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.RequestContext;
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

	/** The header naming the error: {@code x-amzn-ErrorType}. */
	public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

	private static final Log logger = LogFactory.getLog(GatewayResponseRenderer.class);

	private final MappingTemplateEngine templates;

	public GatewayResponseRenderer(MappingTemplateEngine templates) {
		this.templates = templates;
	}

	/**
	 * Renders {@code error} as its gateway response, whose status is the error's status override unless the API
	 * customises its type (or its {@code DEFAULT_4XX/5XX} family) with a status of its own.
	 */
	public Mono<Void> render(ServerWebExchange exchange, GatewayResponseException error) {
		GatewayResponseType type = error.type();
		String message = error.responseMessage();
		int uncustomisedStatus = (error.statusOverride() != null) ? error.statusOverride() : type.status();
		ApiComponents components = exchange.getAttribute(ExchangeAttributes.API_COMPONENTS);
		ServerHttpResponse response = exchange.getResponse();
		response.getHeaders().clear();
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders()
			.set(ERROR_TYPE_HEADER, error.errorType());
		if (components == null || components.gatewayResponses().isEmpty()) {
			response.setStatusCode(HttpStatusCode.valueOf(uncustomisedStatus));
			return write(response, defaultBody(type, message));
		}
		GatewayResponses.Effective effective = GatewayResponses.effective(components, type);
		// A status the API set (for the type or its family) wins over the override.
		boolean customisedStatus = effective.statusCode() != type.status();
		response.setStatusCode(
				HttpStatusCode.valueOf(customisedStatus ? effective.statusCode() : uncustomisedStatus));
		RequestContext context = RequestContext.find(exchange);
		effective.headers().forEach((name, expression) -> {
			String value = headerValue(expression, context, exchange.getRequest());
			// The error must still be answered: a header that could split the response is left out.
			if (value != null && HeaderValues.isSafe(name, value)) {
				response.getHeaders().set(name, value);
			}
		});
		String template = effective.template(MediaType.APPLICATION_JSON_VALUE);
		if (GatewayResponses.DEFAULT_TEMPLATE.equals(template)) {
			return write(response, defaultBody(type, message));
		}
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
	static String defaultBody(GatewayResponseType type, @Nullable String message) {
		// AWS capitalises the key of its policy-evaluation denials (IAM, resource policy, authorizer policy).
		return (type == GatewayResponseType.ACCESS_DENIED) ? "{\"Message\":" + quoted(message) + "}"
				: defaultBody(message);
	}

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
