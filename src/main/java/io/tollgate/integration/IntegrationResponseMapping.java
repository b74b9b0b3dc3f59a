package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.tollgate.mapping.ContextOverrides;
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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The integration responses of a transforming integration (HTTP, AWS), compiled once: selects the response whose
 * {@code selectionPattern} matches the backend's outcome (its status for HTTP, the Lambda error message for AWS),
 * sets its {@code method.response.header.*} mappings ({@code integration.response.header.X},
 * {@code integration.response.body[.path]}, {@code 'static'}, request values) and renders its template (chosen by
 * the first Accept type, else JSON) over the backend's body; without a template the body passes through.
 */
final class IntegrationResponseMapping {

	private static final Log logger = LogFactory.getLog(IntegrationResponseMapping.class);

	private final IntegrationResponses responses;

	private final BinaryMediaTypes binaryMediaTypes;

	private final MappingTemplateEngine engine;

	IntegrationResponseMapping(Integration integration, BinaryMediaTypes binaryMediaTypes,
			MappingTemplateEngine engine) {
		this.responses = new IntegrationResponses(integration.integrationResponses());
		this.binaryMediaTypes = binaryMediaTypes;
		this.engine = engine;
	}

	/**
	 * Writes the method response for a backend outcome, off the event loop: selection patterns and templates are
	 * the API author's, and rendering may take up to its budget.
	 * @param overrides what the request template set in {@code $context.requestOverride} and
	 * {@code responseOverride}, which the response template sees and may change
	 */
	Mono<Void> write(ServerWebExchange exchange, RequestContext context, BackendResult backend,
			ContextOverrides overrides) {
		return Mono.defer(() -> writeNow(exchange, context, backend, overrides))
			.subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<Void> writeNow(ServerWebExchange exchange, RequestContext context, BackendResult backend,
			ContextOverrides overrides) {
		IntegrationResponse selected = this.responses.select(backend.selectionValue());
		if (selected == null) {
			logger.info("Request " + context.requestId()
					+ ": Execution failed due to configuration error: No match for output mapping and no default"
					+ " output mapping configured. Endpoint Response Status Code: " + backend.status());
			return Mono.error(new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR));
		}
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
		String backendText = new String(backend.body(), StandardCharsets.UTF_8);
		Map.Entry<String, String> template = IntegrationResponses.responseTemplate(selected, request);
		byte[] body;
		RenderedTemplate rendered = null;
		if (template != null && !template.getValue().isBlank()) {
			rendered = render(template.getValue(), context, request, backendText, this.engine, overrides);
			body = rendered.output().getBytes(StandardCharsets.UTF_8);
			response.getHeaders().setContentType(MediaType.parseMediaType(template.getKey()));
		}
		else {
			boolean binary = this.binaryMediaTypes.matches(backend.headers().getFirst(HttpHeaders.CONTENT_TYPE));
			body = ContentHandling.apply(selected.contentHandling(), backend.body(), binary);
			response.getHeaders()
				.setContentType((template != null) ? MediaType.parseMediaType(template.getKey())
						: MediaType.APPLICATION_JSON);
		}
		this.responses.headerMappings(selected).forEach((name, expression) -> {
			String value = expression.resolve(context, request, backend.headers(), backendText);
			if (value != null) {
				HeaderValues.setResponseHeader(response.getHeaders(), name, value);
			}
		});
		int status = Integer.parseInt(selected.statusCode());
		// $context.responseOverride (of either template) wins over the integration response's status and headers.
		overrides.responseHeaders()
			.forEach((name, value) -> HeaderValues.setResponseHeader(response.getHeaders(), name, value));
		if (overrides.responseStatus() != null) {
			status = overrides.responseStatus();
		}
		TraceIds.addTo(response.getHeaders(), backend.traceId());
		return MethodResponses.write(response, status, body);
	}

	private static RenderedTemplate render(String template, RequestContext context, ServerHttpRequest request,
			String backendBody, MappingTemplateEngine engine, ContextOverrides overrides) {
		TemplateVariables methodRequest = IntegrationRequestMapping.variables(context, request, backendBody);
		TemplateInput input = methodRequest.input();
		try {
			return engine.render(template, new TemplateVariables(methodRequest.context(),
					methodRequest.stageVariables(),
					new TemplateInput(backendBody, input.path(), input.querystring(), input.header())), overrides);
		}
		catch (MappingTemplateException ex) {
			logger.info("Request " + context.requestId() + ": response mapping template failed: " + ex.getMessage());
			throw new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR);
		}
	}

	/**
	 * What a backend answered.
	 * @param status its status (200 for a Lambda function that ran)
	 * @param headers its response headers
	 * @param body its body
	 * @param selectionValue what {@code selectionPattern}s are matched against: the status for HTTP, the error
	 * message of a failed Lambda function (empty when it succeeded)
	 * @param traceId the {@code X-Amzn-Trace-Id} of the call
	 */
	record BackendResult(int status, HttpHeaders headers, byte[] body, String selectionValue, String traceId) {
	}

}
