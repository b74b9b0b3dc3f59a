package io.tollgate.integration;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.RequestBodies;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.model.HttpVerbs;
import io.tollgate.model.Integration;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.response.HeaderValues;
import io.tollgate.pipeline.PipelineOrder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * An {@code HTTP_PROXY} integration: points Spring Cloud Gateway's {@code NettyRoutingFilter} at the backend URL
 * built from the integration URI (stage variables and path parameters substituted, the request's query string
 * kept), with the integration's verb unless it is {@code ANY}. Method, headers and body pass through, with the
 * integration's {@code integration.request.header|querystring.*} mappings applied over them, as on AWS, within
 * AWS's 10 MB payload limit both ways: a larger request is refused 413 before anything reaches the backend (a
 * chunked body is read whole first, a body with a Content-Length streams), and the backend's response is held
 * until complete ({@link BufferedProxyResponse}). The integration timeout bounds the whole call, body included.
 * Backend headers that collide with API Gateway's own come back renamed {@code x-amzn-Remapped-*}, as in AWS.
 */
final class HttpProxyIntegrationFilter implements PipelineStep {

	/** After Spring Cloud Gateway has set a request URL from the route, which this filter replaces. */
	static final int ORDER = PipelineOrder.INTEGRATION;

	static final String REMAPPED_PREFIX = "x-amzn-Remapped-";

	/** Response headers API Gateway owns; a backend's values are passed on under {@link #REMAPPED_PREFIX}. */
	private static final List<String> GATEWAY_OWNED_HEADERS = List.of("x-amzn-RequestId", "x-amz-apigw-id",
			HttpHeaders.DATE, HttpHeaders.SERVER, HttpHeaders.WWW_AUTHENTICATE);

	private final IntegrationUri uri;

	private final @Nullable HttpMethod method;

	private final IntegrationParameters parameters;

	private final Duration timeout;

	/** The backend URL when the integration URI has no placeholders; else it is built per request. */
	private final @Nullable URI fixedBackend;

	HttpProxyIntegrationFilter(Integration integration) {
		this.uri = IntegrationUri.parse(integration.uri(), integration.requestParameters());
		this.parameters = new IntegrationParameters(integration);
		this.timeout = Duration.ofMillis(integration.timeoutInMillis());
		String verb = integration.httpMethod();
		this.method = (verb == null || HttpVerbs.ANY.equals(verb)) ? null : HttpMethod.valueOf(verb);
		String fixed = this.uri.fixed();
		this.fixedBackend = (fixed != null) ? httpUrl(fixed) : null;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public boolean runsInTestInvoke() {
		return true;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		RequestContext context = RequestContext.require(exchange);
		ServerHttpRequest request = exchange.getRequest();
		this.parameters.checkRestrictedHeaders();
		URI backend = backend(context, request);
		if (backend == null) {
			return Mono.error(new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR));
		}
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, backend);
		boolean otherMethod = this.method != null && !this.method.equals(request.getMethod());
		Mono<Void> forwarded = passesAsSent(request) ? forward(exchange, chain, context, request, request, otherMethod)
				: withBoundedBody(request)
					.flatMap((bounded) -> forward(exchange, chain, context, request, bounded, otherMethod));
		// One deadline for the whole call, a body read first included: bounded here until the backend's response
		// headers, and then by BufferedProxyResponse while the body arrives, after this filter's chain has returned.
		IntegrationTimeout deadline = IntegrationTimeout.start(exchange, this.timeout);
		exchange.getAttributes().put(ExchangeAttributes.INTEGRATION_DEADLINE, deadline);
		return deadline.boundUntilResponse(forwarded, exchange)
			.doOnSuccess((done) -> remapGatewayOwnedHeaders(exchange));
	}

	/**
	 * The backend URL of one request: the integration URI's, parsed once when it has no placeholders and the
	 * request passes no query string on; {@code null} when it is not an http(s) URL with a host.
	 */
	private @Nullable URI backend(RequestContext context, ServerHttpRequest request) {
		String rawQuery = request.getURI().getRawQuery();
		if (this.fixedBackend != null && (rawQuery == null || rawQuery.isEmpty()) && !this.parameters.mapsQuerystring()) {
			return this.fixedBackend;
		}
		String url = this.uri.expand(context, request);
		String query = proxiedQuery(rawQuery, this.parameters.querystring(context, request));
		if (!query.isEmpty()) {
			url = url + ((url.indexOf('?') < 0) ? "?" : "&") + HeaderValues.requireSafeRequestValue(query);
		}
		return httpUrl(url);
	}

	static @Nullable URI httpUrl(String url) {
		URI backend;
		try {
			backend = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		String scheme = (backend.getScheme() != null) ? backend.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https") || backend.getHost() == null) {
			return null;
		}
		return backend;
	}

	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, RequestContext context,
			ServerHttpRequest request, ServerHttpRequest bounded, boolean otherMethod) {
		if (!otherMethod && !this.parameters.mapsHeaders()) {
			return (bounded == request) ? chain.filter(exchange)
					: chain.filter(exchange.mutate().request(bounded).build());
		}
		ServerHttpRequest routedRequest = bounded.mutate()
			.headers((headers) -> this.parameters.applyHeaders(context, request, headers))
			.method(otherMethod ? this.method : bounded.getMethod())
			.build();
		return chain.filter(exchange.mutate().request(routedRequest).build());
	}

	/**
	 * Whether the request goes to the backend as it came, body unread: framed by a length within the limit (the
	 * server reads no more than that, so it streams), or a {@code GET} or {@code HEAD} without a body (neither a
	 * length nor chunks), which Reactor Netty's client sends whole either way.
	 */
	static boolean passesAsSent(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		long declared = headers.getContentLength();
		if (declared >= 0) {
			return declared <= RequestBodies.MAX_BODY_BYTES;
		}
		return (HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod()))
				&& !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
	}

	/**
	 * The request within AWS's payload limit: refused when its Content-Length is over it; a body without one
	 * (chunked) is read whole, within the limit, before anything is sent, and forwarded with its length.
	 */
	static Mono<ServerHttpRequest> withBoundedBody(ServerHttpRequest request) {
		long declared = request.getHeaders().getContentLength();
		if (declared > RequestBodies.MAX_BODY_BYTES) {
			return Mono.error(new GatewayResponseException(GatewayResponseType.REQUEST_TOO_LARGE));
		}
		if (declared >= 0) {
			// Framed by its length: the server reads no more than that, so it can stream.
			return Mono.just(request);
		}
		return RequestBodies.read(request).map((body) -> RequestBodies.withBody(request.mutate().headers((headers) -> {
			headers.remove(HttpHeaders.TRANSFER_ENCODING);
			if (body.length > 0) {
				headers.setContentLength(body.length);
			}
		}).build(), body));
	}

	/**
	 * The client's query string with the mapped parameters: a mapped name replaces the client's values of that name,
	 * the rest is passed on as the client sent it.
	 */
	static String proxiedQuery(@Nullable String rawQuery, Map<String, String> mapped) {
		StringJoiner query = new StringJoiner("&");
		if (rawQuery != null && !rawQuery.isEmpty()) {
			for (String pair : rawQuery.split("&")) {
				if (!pair.isEmpty() && !mapped.containsKey(queryName(pair))) {
					query.add(pair);
				}
			}
		}
		mapped.forEach((name, value) -> query.add(UriUtils.encodeQueryParam(name, StandardCharsets.UTF_8) + "="
				+ UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8)));
		return query.toString();
	}

	private static String queryName(String pair) {
		int equals = pair.indexOf('=');
		String name = (equals < 0) ? pair : pair.substring(0, equals);
		try {
			return UriUtils.decode(name, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return name;
		}
	}

	private static void remapGatewayOwnedHeaders(ServerWebExchange exchange) {
		if (exchange.getResponse().isCommitted()) {
			return;
		}
		HttpHeaders headers = exchange.getResponse().getHeaders();
		for (String name : GATEWAY_OWNED_HEADERS) {
			List<String> values = headers.get(name);
			if (values != null && !values.isEmpty()) {
				headers.remove(name);
				headers.put(REMAPPED_PREFIX + name, values);
			}
		}
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("type", "HTTP_PROXY")
			.append("uri", this.uri)
			.append("httpMethod", (this.method != null) ? this.method : HttpVerbs.ANY)
			.toString();
	}

}
