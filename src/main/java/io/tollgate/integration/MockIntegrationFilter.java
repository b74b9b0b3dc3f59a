package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.tollgate.mapping.ContextOverrides;
import io.tollgate.pipeline.RequestBodies;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.mapping.MappingTemplateException;
import io.tollgate.mapping.RenderedTemplate;
import io.tollgate.mapping.TemplateInput;
import io.tollgate.mapping.TemplateVariables;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationResponse;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.response.HeaderValues;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * A {@code MOCK} integration: answers without a backend, as API Gateway does. The request template chosen by
 * Content-Type renders a JSON object whose {@code statusCode} (200 without a template) selects the integration
 * response; that response's template (chosen by Accept, else {@code application/json}) is the body, its status the
 * method's status, and its {@code method.response.header.*} parameters the response headers.
 */
final class MockIntegrationFilter extends IntegrationFilter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Integration integration;

	private final IntegrationResponses responses;

	private final MappingTemplateEngine templates;

	MockIntegrationFilter(Integration integration, MappingTemplateEngine templates) {
		this.integration = integration;
		this.responses = new IntegrationResponses(integration.integrationResponses());
		this.templates = templates;
	}

	@Override
	Mono<Void> integrate(ServerWebExchange exchange, RequestContext context) {
		return RequestBodies.read(exchange.getRequest())
			// Templates and selection patterns are the API author's: evaluated off the event loop.
			.publishOn(Schedulers.boundedElastic())
			.flatMap((body) -> respond(exchange, context, new String(body, StandardCharsets.UTF_8)));
	}

	private Mono<Void> respond(ServerWebExchange exchange, RequestContext context, String body) {
		ServerHttpRequest request = exchange.getRequest();
		TemplateVariables variables = new TemplateVariables(context.asTemplateVariables(), context.stageVariables(),
				new TemplateInput(body, context.pathParameters(), request.getQueryParams().toSingleValueMap(),
						request.getHeaders().toSingleValueMap()));
		String requestTemplate = requestTemplate(request);
		if (requestTemplate == null && refusesUnmappedContent()) {
			return Mono.error(new GatewayResponseException(GatewayResponseType.UNSUPPORTED_MEDIA_TYPE));
		}
		// What the request template sets in $context.requestOverride / responseOverride, the response template sees.
		ContextOverrides overrides = new ContextOverrides();
		int backendStatus = backendStatus(context, requestTemplate, variables, overrides);
		IntegrationResponse selected = this.responses.select(Integer.toString(backendStatus));
		if (selected == null) {
			// AWS: "Execution failed due to configuration error: No match for output mapping".
			return Mono.error(new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR));
		}
		ServerHttpResponse response = exchange.getResponse();
		Map.Entry<String, String> template = IntegrationResponses.responseTemplate(selected, request);
		RenderedTemplate rendered = (template != null) ? render(context, template.getValue(), variables, overrides)
				: new RenderedTemplate("", overrides.responseStatus(), overrides.responseHeaders());
		response.getHeaders()
			.setContentType((template != null) ? MediaType.parseMediaType(template.getKey())
					: MediaType.APPLICATION_JSON);
		this.responses.headerMappings(selected).forEach((name, expression) -> {
			String value = expression.resolve(context, request, false);
			if (value != null) {
				HeaderValues.setResponseHeader(response.getHeaders(), name, value);
			}
		});
		// $context.responseOverride wins over the integration response's status and headers, as in AWS.
		rendered.headerOverrides()
			.forEach((name, value) -> HeaderValues.setResponseHeader(response.getHeaders(), name, value));
		int status = (rendered.statusOverride() != null) ? rendered.statusOverride()
				: Integer.parseInt(selected.statusCode());
		return MethodResponses.write(response, status, rendered.output().getBytes(StandardCharsets.UTF_8));
	}

	private int backendStatus(RequestContext context, @Nullable String requestTemplate, TemplateVariables variables,
			ContextOverrides overrides) {
		if (requestTemplate == null) {
			return 200;
		}
		try {
			JsonNode status = JSON.readTree(render(context, requestTemplate, variables, overrides).output())
				.get("statusCode");
			if (status == null || !status.canConvertToInt()) {
				throw new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR);
			}
			return status.asInt();
		}
		catch (JacksonException ex) {
			throw new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR);
		}
	}

	/** Renders a template over the method request (a MOCK's response templates see the request body too). */
	private RenderedTemplate render(RequestContext context, String template, TemplateVariables variables,
			ContextOverrides overrides) {
		try {
			return this.templates.render(template, variables, overrides);
		}
		catch (MappingTemplateException ex) {
			throw IntegrationRequestMapping.refusal(context.requestId(), ex);
		}
	}

	/** Whether a request whose Content-Type has no template is refused with 415, as the passthrough behaviour says. */
	private boolean refusesUnmappedContent() {
		return switch (this.integration.passthroughBehavior()) {
			case NEVER -> true;
			case WHEN_NO_TEMPLATES -> !this.integration.requestTemplates().isEmpty();
			case WHEN_NO_MATCH -> false;
		};
	}

	/** The request template for the request's Content-Type; JSON when it has none, as in AWS. */
	private @Nullable String requestTemplate(ServerHttpRequest request) {
		MediaType contentType = request.getHeaders().getContentType();
		String key = (contentType != null) ? contentType.getType() + "/" + contentType.getSubtype()
				: MediaType.APPLICATION_JSON_VALUE;
		String template = this.integration.requestTemplates().get(key);
		if (template == null && this.integration.requestTemplates().size() == 1 && contentType == null) {
			template = this.integration.requestTemplates().values().iterator().next();
		}
		return template;
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("type", "MOCK")
			.append("integrationResponses", this.integration.integrationResponses().keySet())
			.toString();
	}

}
