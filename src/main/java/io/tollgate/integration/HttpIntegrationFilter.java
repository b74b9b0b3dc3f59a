package io.tollgate.integration;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.netty.handler.codec.http.HttpMethod;
import io.tollgate.pipeline.RequestBodies;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.model.Integration;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * An {@code HTTP} (non-proxy) integration: the method request is mapped (request template, parameter mappings),
 * sent to the backend with the integration's verb, and the backend's whole response mapped back through the
 * integration responses, whose {@code selectionPattern} is matched against the backend's status. Unlike
 * {@code HTTP_PROXY}, only mapped headers and query string parameters reach the backend, and an unmatched backend
 * status becomes the default response's status.
 */
final class HttpIntegrationFilter extends IntegrationFilter {

	private final Integration integration;

	private final IntegrationUri uri;

	private final HttpMethod method;

	private final Duration timeout;

	private final IntegrationRequestMapping requestMapping;

	private final IntegrationResponseMapping responseMapping;

	private final HttpClient client;

	HttpIntegrationFilter(Integration integration, BinaryMediaTypes binaryMediaTypes, HttpClient client,
			MappingTemplateEngine templates) {
		this.integration = integration;
		this.uri = IntegrationUri.parse(String.valueOf(integration.uri()), integration.requestParameters());
		this.method = HttpMethod.valueOf(String.valueOf(integration.httpMethod()));
		this.timeout = Duration.ofMillis(integration.timeoutInMillis());
		this.requestMapping = new IntegrationRequestMapping(integration, binaryMediaTypes, templates);
		this.responseMapping = new IntegrationResponseMapping(integration, binaryMediaTypes, templates);
		this.client = client;
	}

	@Override
	Mono<Void> integrate(ServerWebExchange exchange, RequestContext context) {
		ServerHttpRequest request = exchange.getRequest();
		return this.requestMapping.map(context, request)
			.flatMap((mapped) -> call(exchange, context, request,
					backendUri(context, request, mapped.querystring()), mapped)
				.flatMap((result) -> this.responseMapping.write(exchange, context, result, mapped.overrides())));
	}

	private URI backendUri(RequestContext context, ServerHttpRequest request, Map<String, String> query) {
		StringBuilder url = new StringBuilder(this.uri.expand(context, request));
		for (Map.Entry<String, String> parameter : query.entrySet()) {
			url.append((url.indexOf("?") < 0) ? '?' : '&')
				.append(UriUtils.encodeQueryParam(parameter.getKey(), StandardCharsets.UTF_8))
				.append('=')
				.append(UriUtils.encodeQueryParam(parameter.getValue(), StandardCharsets.UTF_8));
		}
		try {
			URI backend = URI.create(url.toString());
			String scheme = (backend.getScheme() != null) ? backend.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((scheme.equals("http") || scheme.equals("https")) && backend.getHost() != null) {
				return backend;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR);
	}

	private Mono<IntegrationResponseMapping.BackendResult> call(ServerWebExchange exchange, RequestContext context,
			ServerHttpRequest request, URI backend, IntegrationRequestMapping.MappedRequest mapped) {
		String traceId = TraceIds.of(request);
		return IntegrationTimeout.start(exchange, this.timeout).bound(this.client.headers((headers) -> {
			headers.set(HttpHeaders.USER_AGENT, "AmazonAPIGateway_" + context.apiId());
			BackendRequestHeaders.addForHttpBackend(context, request, traceId, headers::set);
			headers.set(HttpHeaders.ACCEPT, "application/json");
			if (mapped.contentType() != null) {
				headers.set(HttpHeaders.CONTENT_TYPE, mapped.contentType());
			}
			mapped.headers().forEach(headers::set);
			// A body goes with its length, as from AWS, not chunked.
			if (mapped.body().length > 0 || sendsBody(this.method)) {
				headers.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(mapped.body().length));
			}
		})
			.request(this.method)
			.uri(backend)
			.send((outbound, out) -> (mapped.body().length > 0) ? out.sendByteArray(Mono.just(mapped.body()))
					: out)
			.response((response, content) -> {
				if (response.responseHeaders().getInt(HttpHeaders.CONTENT_LENGTH, 0) > RequestBodies.MAX_BODY_BYTES) {
					return Mono.error(new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR));
				}
				// Counted as it arrives: reading stops (and the connection is dropped) at AWS's payload limit.
				return content.asByteArray()
					.reduceWith(ByteArrayOutputStream::new, HttpIntegrationFilter::append)
					.map((bytes) -> {
						HttpHeaders headers = new HttpHeaders();
						response.responseHeaders().forEach((entry) -> headers.add(entry.getKey(), entry.getValue()));
						int status = response.status().code();
						return new IntegrationResponseMapping.BackendResult(status, headers, bytes.toByteArray(),
								Integer.toString(status), traceId);
					});
			})
			.single());
	}

	private static boolean sendsBody(HttpMethod method) {
		return method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH);
	}

	private static ByteArrayOutputStream append(ByteArrayOutputStream body, byte[] chunk) {
		if (body.size() + (long) chunk.length > RequestBodies.MAX_BODY_BYTES) {
			// AWS: "Integration response ... is larger than allowed maximum", a configuration error (500).
			throw new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR);
		}
		body.write(chunk, 0, chunk.length);
		return body;
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("type", "HTTP")
			.append("httpMethod", this.method)
			.append("uri", this.uri)
			.append("integrationResponses", this.integration.integrationResponses().keySet())
			.toString();
	}

}
