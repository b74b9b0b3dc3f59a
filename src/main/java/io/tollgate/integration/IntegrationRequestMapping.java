package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.tollgate.mapping.ContextOverrides;
import io.tollgate.pipeline.RequestBodies;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.mapping.MappingTemplateException;
import io.tollgate.mapping.TemplateInput;
import io.tollgate.mapping.TemplateVariables;
import io.tollgate.model.Integration;
import io.tollgate.model.PassthroughBehavior;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.response.HeaderValues;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The integration request of a transforming integration (HTTP, AWS), compiled once: the request template chosen by
 * Content-Type (JSON when there is none) under the integration's passthrough behaviour, and the
 * {@code integration.request.header|querystring.*} parameter mappings.
 */
final class IntegrationRequestMapping {

	private static final Log logger = LogFactory.getLog(IntegrationRequestMapping.class);

	private final Map<String, String> templates;

	private final PassthroughBehavior passthrough;

	private final @Nullable String contentHandling;

	private final IntegrationParameters parameters;

	private final BinaryMediaTypes binaryMediaTypes;

	private final MappingTemplateEngine engine;

	IntegrationRequestMapping(Integration integration, BinaryMediaTypes binaryMediaTypes,
			MappingTemplateEngine engine) {
		this.binaryMediaTypes = binaryMediaTypes;
		this.engine = engine;
		Map<String, String> templates = new LinkedHashMap<>();
		integration.requestTemplates().forEach((type, template) -> templates.put(type.toLowerCase(Locale.ROOT), template));
		this.templates = Collections.unmodifiableMap(templates);
		this.passthrough = integration.passthroughBehavior();
		this.contentHandling = integration.contentHandling();
		this.parameters = new IntegrationParameters(integration);
	}

	/**
	 * Reads a method request's body and maps it to the integration request; fails as {@link #map(RequestContext,
	 * ServerHttpRequest, byte[])} does.
	 */
	Mono<MappedRequest> map(RequestContext context, ServerHttpRequest request) {
		Mono<byte[]> body = RequestBodies.read(request);
		// A template renders off the event loop: it is the API author's, and may take up to its render budget.
		return (this.templates.isEmpty() ? body : body.publishOn(Schedulers.boundedElastic()))
			.map((bytes) -> map(context, request, bytes));
	}

	/**
	 * The integration request for one method request.
	 * @throws GatewayResponseException {@code UNSUPPORTED_MEDIA_TYPE} when the passthrough behaviour refuses the
	 * Content-Type, {@code API_CONFIGURATION_ERROR} when a template or mapping fails
	 */
	MappedRequest map(RequestContext context, ServerHttpRequest request, byte[] body) {
		this.parameters.checkRestrictedHeaders();
		MediaType contentType = request.getHeaders().getContentType();
		String key = (contentType != null) ? (contentType.getType() + "/" + contentType.getSubtype())
			.toLowerCase(Locale.ROOT) : MediaType.APPLICATION_JSON_VALUE;
		String template = this.templates.get(key);
		ContextOverrides overrides = new ContextOverrides();
		byte[] payload;
		String payloadType;
		if (template != null) {
			payload = render(template, context, request, body, this.engine, overrides).getBytes(StandardCharsets.UTF_8);
			payloadType = MediaType.APPLICATION_JSON_VALUE;
		}
		else if (this.passthrough == PassthroughBehavior.NEVER
				|| (this.passthrough == PassthroughBehavior.WHEN_NO_TEMPLATES && !this.templates.isEmpty())) {
			throw new GatewayResponseException(GatewayResponseType.UNSUPPORTED_MEDIA_TYPE);
		}
		else {
			payload = ContentHandling.apply(this.contentHandling, body,
					this.binaryMediaTypes.matchesContentType(request));
			payloadType = (contentType != null) ? contentType.toString() : null;
		}
		// $context.requestOverride set by the request template wins over the parameter mappings, as on AWS.
		Map<String, String> headers = new LinkedHashMap<>(this.parameters.headers(context, request));
		headers.putAll(overrides.requestHeaders());
		Map<String, String> querystring = new LinkedHashMap<>(this.parameters.querystring(context, request));
		querystring.putAll(overrides.requestQuerystring());
		return new MappedRequest(payload, payloadType, headers, querystring, overrides);
	}

	private static String render(String template, RequestContext context, ServerHttpRequest request, byte[] body,
			MappingTemplateEngine engine, ContextOverrides overrides) {
		try {
			return engine.render(template, variables(context, request, new String(body, StandardCharsets.UTF_8)),
					overrides).output();
		}
		catch (MappingTemplateException ex) {
			throw refusal(context.requestId(), ex);
		}
	}

	/**
	 * A failed request template: a body the template reads as JSON and that is not JSON is the client's fault (400,
	 * as AWS's "Could not parse request body into json"); anything else is the API's (500).
	 */
	static GatewayResponseException refusal(String requestId, MappingTemplateException ex) {
		logger.info("Request " + requestId + ": request mapping template failed: " + ex.getMessage());
		if (ex.isInvalidBody()) {
			return new GatewayResponseException(GatewayResponseType.BAD_REQUEST_BODY,
					"Could not parse request body into json: " + ex.jsonProblem());
		}
		return new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR);
	}

	/** What a template sees of a method request: its body and parameters (the last value of a repeated one). */
	static TemplateVariables variables(RequestContext context, ServerHttpRequest request, String body) {
		Map<String, String> query = new LinkedHashMap<>();
		request.getQueryParams().forEach((name, values) -> query.put(name,
				values.isEmpty() || values.get(values.size() - 1) == null ? "" : values.get(values.size() - 1)));
		Map<String, String> headers = new LinkedHashMap<>();
		request.getHeaders().forEach((name, values) -> {
			if (!values.isEmpty()) {
				headers.put(name, values.get(values.size() - 1));
			}
		});
		return new TemplateVariables(context.asTemplateVariables(), context.stageVariables(),
				new TemplateInput(body, context.pathParameters(), query, headers));
	}

	/**
	 * An integration request.
	 * @param body the payload
	 * @param contentType the payload's media type, {@code null} when the client sent none
	 * @param headers mapped headers
	 * @param querystring mapped query string parameters
	 * @param overrides the request's {@code $context.requestOverride} and {@code responseOverride} so far
	 */
	record MappedRequest(byte[] body, @Nullable String contentType, Map<String, String> headers,
			Map<String, String> querystring, ContextOverrides overrides) {

	}

}
