package io.tollgate.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The request as HTTP APIs' payload format 2.0 describes it (aws-behavior-v2 §A.3): the fields the Lambda proxy
 * integration's event and the Lambda authorizer's event carry alike, built once for both. Header names lower-cased
 * and repeated values joined with {@code ,}, cookies in their own array, query and path parameters decoded, and every
 * field with nothing to report left out rather than {@code null} ({@code rawQueryString} is always there).
 */
public final class HttpApiRequestFields {

	/** Headers a function does not get: framing, and the cookies it gets as an array. */
	private static final List<String> DROPPED_HEADERS = List.of("connection", "transfer-encoding", "cookie");

	private HttpApiRequestFields() {
	}

	/**
	 * {@code routeKey} to {@code stageVariables} under AWS's keys, into {@code event}.
	 * @param addedHeaders headers API Gateway adds (trace and forwarding), replacing the request's
	 * @param authorizer {@code requestContext.authorizer}, {@code null} to leave it out
	 */
	public static void putInto(Map<String, Object> event, RequestContext context, ServerHttpRequest request,
			Map<String, String> addedHeaders, @Nullable Map<String, Object> authorizer) {
		event.put("routeKey", String.valueOf(context.routeKey()));
		event.put("rawPath", context.pathBelowMappingKey());
		String rawQuery = request.getURI().getRawQuery();
		event.put("rawQueryString", (rawQuery != null) ? rawQuery : "");
		List<String> cookies = cookies(request.getHeaders());
		if (!cookies.isEmpty()) {
			event.put("cookies", cookies);
		}
		event.put("headers", headers(request, addedHeaders));
		Map<String, String> query = new LinkedHashMap<>();
		request.getQueryParams().forEach((name, values) -> {
			List<String> present = new ArrayList<>(values.size());
			values.forEach((value) -> present.add((value != null) ? value : ""));
			query.put(name, String.join(",", present));
		});
		if (!query.isEmpty()) {
			event.put("queryStringParameters", query);
		}
		event.put("requestContext", requestContext(context, authorizer));
		if (!context.pathParameters().isEmpty()) {
			event.put("pathParameters", context.pathParameters());
		}
		if (!context.stageVariables().isEmpty()) {
			event.put("stageVariables", context.stageVariables());
		}
	}

	/** One {@code name=value} per cookie of the request's {@code Cookie} headers. */
	public static List<String> cookies(HttpHeaders headers) {
		List<String> cookies = new ArrayList<>();
		List<String> values = headers.get(HttpHeaders.COOKIE);
		if (values != null) {
			for (String value : values) {
				for (String cookie : value.split(";")) {
					String trimmed = cookie.trim();
					if (!trimmed.isEmpty()) {
						cookies.add(trimmed);
					}
				}
			}
		}
		return cookies;
	}

	private static Map<String, String> headers(ServerHttpRequest request, Map<String, String> added) {
		Map<String, String> headers = new LinkedHashMap<>();
		request.getHeaders().forEach((name, values) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (values.isEmpty() || DROPPED_HEADERS.contains(lower)) {
				return;
			}
			headers.merge(lower, String.join(",", values), (first, next) -> first + "," + next);
		});
		added.forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
		return headers;
	}

	private static Map<String, Object> requestContext(RequestContext context, @Nullable Map<String, Object> authorizer) {
		Map<String, Object> requestContext = new LinkedHashMap<>();
		requestContext.put("accountId", context.accountId());
		requestContext.put("apiId", context.apiId());
		if (context.clientCert() != null) {
			requestContext.put("authentication", Map.of("clientCert", context.clientCert().asMap()));
		}
		if (authorizer != null) {
			requestContext.put("authorizer", authorizer);
		}
		requestContext.put("domainName", context.domainName());
		requestContext.put("domainPrefix", context.domainPrefix());
		Map<String, Object> http = new LinkedHashMap<>();
		http.put("method", context.httpMethod());
		http.put("path", context.pathBelowMappingKey());
		http.put("protocol", context.protocol());
		http.put("sourceIp", context.sourceIp());
		http.put("userAgent", (context.userAgent() != null) ? context.userAgent() : "");
		requestContext.put("http", http);
		requestContext.put("requestId", context.requestId());
		requestContext.put("routeKey", String.valueOf(context.routeKey()));
		requestContext.put("stage", context.stage());
		requestContext.put("time", context.requestTime());
		requestContext.put("timeEpoch", context.requestTimeEpoch());
		return requestContext;
	}

	/**
	 * Whether a body is passed as text: {@code text/*}, JSON, JavaScript, XML and form bodies (and {@code +json},
	 * {@code +xml}); a body without a Content-Type is binary (an observed rule, §A.3).
	 */
	public static boolean isText(HttpHeaders headers) {
		MediaType type;
		try {
			type = headers.getContentType();
		}
		catch (RuntimeException ex) {
			return false;
		}
		if (type == null) {
			return false;
		}
		if (type.getType().equalsIgnoreCase("text")) {
			return true;
		}
		if (!type.getType().equalsIgnoreCase("application")) {
			return false;
		}
		String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
		return subtype.equals("json") || subtype.equals("javascript") || subtype.equals("xml")
				|| subtype.equals("x-www-form-urlencoded") || subtype.endsWith("+json") || subtype.endsWith("+xml");
	}

}
