package io.tollgate.integration;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.StringJoiner;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.RequestBodies;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.response.HeaderValues;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * An HTTP API's {@code HTTP_PROXY} integration (aws-behavior-v2 §A.5.1): the integration URI is the complete target
 * ({@code {param}} and {@code ${stageVariables.x}} substituted) except on the {@code $default} route, where the
 * request path below the stage is appended; the query string is forwarded as received; the parameter mappings
 * ({@code overwrite:}/{@code append:}/{@code remove:} headers and query parameters, {@code overwrite:path}) apply
 * over it. Spring Cloud Gateway's routing filter then calls the backend, within the 10 MB payload limit and the
 * integration timeout (503 {@code Service Unavailable} past it); the response is held until complete and its
 * status's response mappings applied ({@link BufferedProxyResponse}).
 */
final class HttpApiProxyIntegrationFilter implements PipelineStep {

	private final IntegrationUri uri;

	private final @Nullable HttpMethod method;

	private final HttpApiParameters parameters;

	private final Duration timeout;

	private final boolean appendPath;

	/** The backend URL when the URI has no placeholders and no path is appended; else it is built per request. */
	private final @Nullable URI fixedBackend;

	/**
	 * @param appendPath whether the request path below the stage is appended to the URI (the {@code $default} route)
	 * @throws RuntimeException when the URI or a mapping is invalid
	 */
	HttpApiProxyIntegrationFilter(HttpApiIntegration integration, HttpApiParameters parameters, boolean appendPath) {
		this.uri = IntegrationUri.parse(integration.uri(), java.util.Map.of());
		this.parameters = parameters;
		this.timeout = Duration.ofMillis(integration.timeoutInMillis());
		this.appendPath = appendPath;
		String verb = integration.method();
		this.method = (verb == null || verb.isBlank() || verb.equalsIgnoreCase("ANY")) ? null
				: HttpMethod.valueOf(verb.toUpperCase(Locale.ROOT));
		String fixed = this.uri.fixed();
		this.fixedBackend = (fixed != null && !appendPath) ? HttpProxyIntegrationFilter.httpUrl(fixed) : null;
	}

	@Override
	public int getOrder() {
		return PipelineOrder.INTEGRATION;
	}

	@Override
	public boolean runsInTestInvoke() {
		return true;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		Mono<Void> forwarded;
		if (this.parameters.readsRequestBody()) {
			forwarded = RequestBodies.read(request)
				.flatMap((read) -> HttpProxyIntegrationFilter.withBoundedBody(RequestBodies.withBody(request, read))
					.flatMap((bounded) -> forward(exchange, chain, bounded, read)));
		}
		else if (HttpProxyIntegrationFilter.passesAsSent(request)) {
			forwarded = forward(exchange, chain, request, null);
		}
		else {
			forwarded = HttpProxyIntegrationFilter.withBoundedBody(request)
				.flatMap((bounded) -> forward(exchange, chain, bounded, null));
		}
		// One deadline for the whole call, as for a REST API's HTTP_PROXY: bounded here until the backend's response
		// headers, and then by BufferedProxyResponse while the body arrives.
		IntegrationTimeout deadline = IntegrationTimeout.start(exchange, this.timeout);
		exchange.getAttributes().put(ExchangeAttributes.INTEGRATION_DEADLINE, deadline);
		return deadline.boundUntilResponse(forwarded, exchange);
	}

	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, ServerHttpRequest request,
			byte @Nullable [] body) {
		RequestContext context = RequestContext.require(exchange);
		String pathBelowStage = context.resourcePath();
		HttpHeaders headers = null;
		MultiValueMap<String, String> query = null;
		String mappedPath = null;
		if (this.parameters.mapsRequest()) {
			headers = new HttpHeaders();
			headers.addAll(request.getHeaders());
			query = HttpApiParameters.queryOf(request);
			mappedPath = this.parameters.applyToRequest(
					new HttpApiParameters.RequestValues(context, request, pathBelowStage, body), headers, query);
		}
		URI backend = backend(context, request, pathBelowStage, query, mappedPath);
		if (backend == null) {
			return Mono.error(new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR));
		}
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, backend);
		HttpMethod verb = (this.method != null) ? this.method : request.getMethod();
		if (headers == null && verb.equals(request.getMethod())) {
			return (request == exchange.getRequest()) ? chain.filter(exchange)
					: chain.filter(exchange.mutate().request(request).build());
		}
		ServerHttpRequest.Builder routed = request.mutate().method(verb);
		if (headers != null) {
			HttpHeaders mapped = headers;
			routed.headers((target) -> {
				target.clear();
				target.addAll(mapped);
			});
		}
		return chain.filter(exchange.mutate().request(routed.build()).build());
	}

	/**
	 * The backend URL of one request: the integration URI's, parsed once when it has no placeholders, no path is
	 * appended or mapped and no query string passed on; {@code null} when it is not an http(s) URL with a host.
	 */
	private @Nullable URI backend(RequestContext context, ServerHttpRequest request, String pathBelowStage,
			@Nullable MultiValueMap<String, String> query, @Nullable String mappedPath) {
		String rawQuery = (query != null) ? encode(query) : request.getURI().getRawQuery();
		boolean passesQuery = rawQuery != null && !rawQuery.isEmpty();
		if (this.fixedBackend != null && mappedPath == null && !passesQuery) {
			return this.fixedBackend;
		}
		String url = this.uri.expand(context, request);
		if (this.appendPath) {
			url = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + pathBelowStage;
		}
		if (mappedPath != null) {
			url = UriComponentsBuilder.fromUriString(url).replacePath(mappedPath).replaceQuery(null).build().toUriString();
		}
		if (passesQuery) {
			url = url + ((url.indexOf('?') < 0) ? "?" : "&") + HeaderValues.requireSafeRequestValue(rawQuery);
		}
		return HttpProxyIntegrationFilter.httpUrl(url);
	}

	private static String encode(MultiValueMap<String, String> query) {
		StringJoiner joined = new StringJoiner("&");
		query.forEach((name, values) -> values.forEach((value) -> joined
			.add(UriUtils.encodeQueryParam(name, StandardCharsets.UTF_8) + "="
					+ UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8))));
		return joined.toString();
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("type", "HTTP_PROXY")
			.append("uri", this.uri)
			.append("httpMethod", (this.method != null) ? this.method : "ANY")
			.append("appendPath", this.appendPath)
			.toString();
	}

}
