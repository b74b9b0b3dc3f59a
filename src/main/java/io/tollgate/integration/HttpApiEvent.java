package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tollgate.pipeline.CallerIdentity;
import io.tollgate.pipeline.RequestContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriUtils;

/**
 * The event an HTTP API's Lambda proxy integration sends with payload format 2.0 (aws-behavior-v2 §A.3), field by
 * field: header names lower-cased and repeated values joined with {@code ,}, cookies in their own array, query
 * parameters and path parameters decoded, and every field with nothing to report left out rather than
 * {@code null} ({@code rawQueryString} and {@code isBase64Encoded} are always there). A text body is passed as
 * text, anything else base64-encoded.
 */
final class HttpApiEvent {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Headers the function does not get: framing, and the cookies it gets as an array. */
	private static final List<String> DROPPED_HEADERS = List.of("connection", "transfer-encoding", "cookie");

	private HttpApiEvent() {
	}

	static byte[] of(RequestContext context, ServerHttpRequest request, byte[] body) {
		return JSON.writeValueAsBytes(asMap(context, request, body));
	}

	static Map<String, Object> asMap(RequestContext context, ServerHttpRequest request, byte[] body) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("version", "2.0");
		event.put("routeKey", String.valueOf(context.routeKey()));
		event.put("rawPath", context.path());
		String rawQuery = request.getURI().getRawQuery();
		event.put("rawQueryString", (rawQuery != null) ? rawQuery : "");
		List<String> cookies = cookies(request.getHeaders());
		if (!cookies.isEmpty()) {
			event.put("cookies", cookies);
		}
		event.put("headers", headers(context, request));
		Map<String, String> query = queryStringParameters(request);
		if (!query.isEmpty()) {
			event.put("queryStringParameters", query);
		}
		event.put("requestContext", requestContext(context));
		boolean binary = !isText(request.getHeaders());
		if (body.length > 0) {
			event.put("body", binary ? Base64.getEncoder().encodeToString(body)
					: new String(body, StandardCharsets.UTF_8));
		}
		Map<String, String> pathParameters = decoded(context.rawPathParameters());
		if (!pathParameters.isEmpty()) {
			event.put("pathParameters", pathParameters);
		}
		event.put("isBase64Encoded", binary && body.length > 0);
		if (!context.stageVariables().isEmpty()) {
			event.put("stageVariables", context.stageVariables());
		}
		return event;
	}

	/** One {@code name=value} per cookie of the request's {@code Cookie} headers. */
	static List<String> cookies(HttpHeaders headers) {
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

	/** Lower-case names, repeated values joined with {@code ,}, then the headers API Gateway adds (§A.3). */
	private static Map<String, String> headers(RequestContext context, ServerHttpRequest request) {
		Map<String, String> headers = new LinkedHashMap<>();
		request.getHeaders().forEach((name, values) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (values.isEmpty() || DROPPED_HEADERS.contains(lower)) {
				return;
			}
			headers.merge(lower, String.join(",", values), (first, next) -> first + "," + next);
		});
		BackendRequestHeaders.of(context, request, TraceIds.of(request))
			.forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
		return headers;
	}

	private static Map<String, String> queryStringParameters(ServerHttpRequest request) {
		Map<String, String> query = new LinkedHashMap<>();
		request.getQueryParams().forEach((name, values) -> {
			List<String> present = new ArrayList<>(values.size());
			values.forEach((value) -> present.add((value != null) ? value : ""));
			query.put(name, String.join(",", present));
		});
		return query;
	}

	/** API Gateway decodes path parameters for HTTP APIs (§A.2); a malformed escape is passed on as it is. */
	private static Map<String, String> decoded(Map<String, String> raw) {
		Map<String, String> decoded = new LinkedHashMap<>();
		raw.forEach((name, value) -> {
			try {
				decoded.put(name, UriUtils.decode(value, StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				decoded.put(name, value);
			}
		});
		return decoded;
	}

	private static Map<String, Object> requestContext(RequestContext context) {
		Map<String, Object> requestContext = new LinkedHashMap<>();
		requestContext.put("accountId", context.accountId());
		requestContext.put("apiId", context.apiId());
		if (context.clientCert() != null) {
			requestContext.put("authentication", Map.of("clientCert", context.clientCert().asMap()));
		}
		Map<String, Object> authorizer = authorizer(context);
		if (authorizer != null) {
			requestContext.put("authorizer", authorizer);
		}
		requestContext.put("domainName", context.domainName());
		requestContext.put("domainPrefix", context.domainPrefix());
		Map<String, Object> http = new LinkedHashMap<>();
		http.put("method", context.httpMethod());
		http.put("path", context.path());
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
	 * {@code requestContext.authorizer}: absent for routes without authorization, else the one kind that
	 * authorized the request: {@code iam} (a SigV4 caller), {@code jwt} (claims, scopes) or {@code lambda}.
	 */
	static @Nullable Map<String, Object> authorizer(RequestContext context) {
		CallerIdentity caller = context.identity();
		if (caller.accessKey() != null) {
			Map<String, @Nullable Object> iam = new LinkedHashMap<>();
			iam.put("accessKey", caller.accessKey());
			iam.put("accountId", caller.accountId());
			iam.put("callerId", caller.caller());
			iam.put("cognitoIdentity", null);
			iam.put("principalOrgId", null);
			iam.put("userArn", caller.userArn());
			iam.put("userId", caller.user());
			return Map.of("iam", iam);
		}
		var output = context.authorizer();
		if (output.jwt()) {
			Map<String, @Nullable Object> jwt = new LinkedHashMap<>();
			jwt.put("claims", output.claims());
			jwt.put("scopes", output.scopes());
			return Map.of("jwt", jwt);
		}
		if (output.principalId() != null || !output.context().isEmpty()) {
			return Map.of("lambda", output.context());
		}
		return null;
	}

	/**
	 * Whether the body is passed as text: {@code text/*}, JSON, JavaScript, XML and form bodies (and {@code +json},
	 * {@code +xml}); a body without a Content-Type is binary (an observed rule, §A.3).
	 */
	static boolean isText(HttpHeaders headers) {
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
		String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
		if (type.getType().equalsIgnoreCase("text")) {
			return true;
		}
		if (!type.getType().equalsIgnoreCase("application")) {
			return false;
		}
		return subtype.equals("json") || subtype.equals("javascript") || subtype.equals("xml")
				|| subtype.equals("x-www-form-urlencoded") || subtype.endsWith("+json") || subtype.endsWith("+xml");
	}

}
