package io.tollgate.integration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tollgate.pipeline.RequestContext;
import io.tollgate.mapping.ParameterExpression;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationType;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.response.HeaderValues;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * An integration's {@code integration.request.header.*} and {@code integration.request.querystring.*} parameter
 * mappings, compiled once, for every integration type that sends a request (HTTP, HTTP_PROXY, AWS, AWS_PROXY). A
 * mapping onto a header API Gateway reserves fails every call with 500, as on AWS.
 */
final class IntegrationParameters {

	private static final String HEADER = "integration.request.header.";

	private static final String QUERYSTRING = "integration.request.querystring.";

	/** Headers a mapping may not set (LS: test_apigateway_header_remapping, recorded against AWS). */
	private static final Set<String> RESTRICTED_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
			"expect", "proxy-authenticate", "te");

	/** Lambda integrations also reserve the header their SigV4 signature travels in. */
	private static final String LAMBDA_RESTRICTED_HEADER = "authorization";

	private final Map<String, ParameterExpression> headers;

	private final Map<String, ParameterExpression> querystring;

	private final boolean restrictedHeaderMapped;

	IntegrationParameters(Integration integration) {
		boolean lambda = integration.type() == IntegrationType.AWS || integration.type() == IntegrationType.AWS_PROXY;
		Map<String, ParameterExpression> headers = new LinkedHashMap<>();
		Map<String, ParameterExpression> querystring = new LinkedHashMap<>();
		boolean restricted = false;
		for (Map.Entry<String, String> mapping : integration.requestParameters().entrySet()) {
			if (mapping.getKey().startsWith(HEADER)) {
				String name = mapping.getKey().substring(HEADER.length());
				String lower = name.toLowerCase(Locale.ROOT);
				restricted |= RESTRICTED_HEADERS.contains(lower) || (lambda && LAMBDA_RESTRICTED_HEADER.equals(lower))
						|| !HeaderValues.isToken(name);
				headers.put(name, ParameterExpression.parse(mapping.getValue()));
			}
			else if (mapping.getKey().startsWith(QUERYSTRING)) {
				querystring.put(mapping.getKey().substring(QUERYSTRING.length()),
						ParameterExpression.parse(mapping.getValue()));
			}
		}
		this.headers = Collections.unmodifiableMap(headers);
		this.querystring = Collections.unmodifiableMap(querystring);
		this.restrictedHeaderMapped = restricted;
	}

	/**
	 * Fails the call when a mapping sets a reserved header.
	 * @throws GatewayResponseException {@code API_CONFIGURATION_ERROR}
	 */
	void checkRestrictedHeaders() {
		if (this.restrictedHeaderMapped) {
			throw new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR);
		}
	}

	boolean mapsHeaders() {
		return !this.headers.isEmpty();
	}

	boolean mapsQuerystring() {
		return !this.querystring.isEmpty();
	}

	/** The mapped headers of one request, in mapping order; a mapping whose source has no value maps nothing. */
	Map<String, String> headers(RequestContext context, ServerHttpRequest request) {
		Map<String, String> values = resolve(this.headers, context, request);
		// A client value never carries CR, LF or NUL into a backend request: refused before anything is sent.
		values.values().forEach(HeaderValues::requireSafeRequestValue);
		return values;
	}

	/** The mapped query string parameters of one request, as {@link #headers} does. */
	Map<String, String> querystring(RequestContext context, ServerHttpRequest request) {
		return resolve(this.querystring, context, request);
	}

	/** Sets the mapped headers of one request on {@code target}, replacing the values it had. */
	void applyHeaders(RequestContext context, ServerHttpRequest request, HttpHeaders target) {
		headers(context, request).forEach(target::set);
	}

	private static Map<String, String> resolve(Map<String, ParameterExpression> mappings, RequestContext context,
			ServerHttpRequest request) {
		if (mappings.isEmpty()) {
			return Map.of();
		}
		Map<String, String> values = new LinkedHashMap<>();
		mappings.forEach((name, expression) -> {
			String value = expression.resolve(context, request, false);
			if (value != null) {
				values.put(name, value);
			}
		});
		return values;
	}

}
