package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tollgate.context.CallerIdentity;
import io.tollgate.context.RequestContext;
import io.tollgate.routing.InvokeTarget;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;

/**
 * The event a Lambda proxy integration sends: API Gateway's REST proxy event, payload format 1.0, with AWS's key
 * set and order. Empty collections are {@code null}, as in AWS; a body whose Content-Type is a binary media type
 * is base64-encoded with {@code isBase64Encoded: true}.
 */
final class ProxyEvent {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** {@code requestContext.requestTime}: {@code 04/Mar/2020:19:15:17 +0000}. */
	private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter
		.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US)
		.withZone(ZoneOffset.UTC);

	/** Headers API Gateway does not pass to the function. */
	private static final List<String> DROPPED_HEADERS = List.of(HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONNECTION,
			HttpHeaders.TRANSFER_ENCODING);

	private ProxyEvent() {
	}

	/** The event as JSON bytes. */
	static byte[] of(RequestContext context, ServerHttpRequest request, byte[] body, boolean binary) {
		return JSON.writeValueAsBytes(asMap(context, request, body, binary));
	}

	static Map<String, @Nullable Object> asMap(RequestContext context, ServerHttpRequest request, byte[] body,
			boolean binary) {
		String path = pathBelowStage(context, request);
		Map<String, @Nullable Object> event = new LinkedHashMap<>();
		event.put("resource", context.resourcePath());
		event.put("path", path);
		event.put("httpMethod", context.httpMethod());
		Map<String, String> headers = new LinkedHashMap<>();
		Map<String, List<String>> multiValueHeaders = new LinkedHashMap<>();
		request.getHeaders().forEach((name, values) -> {
			if (DROPPED_HEADERS.stream().anyMatch(name::equalsIgnoreCase) || values.isEmpty()) {
				return;
			}
			headers.put(name, values.get(values.size() - 1));
			multiValueHeaders.put(name, List.copyOf(values));
		});
		if (headers.keySet().stream().noneMatch(TraceIds.HEADER::equalsIgnoreCase)) {
			String traceId = TraceIds.of(request);
			headers.put(TraceIds.HEADER, traceId);
			multiValueHeaders.put(TraceIds.HEADER, List.of(traceId));
		}
		event.put("headers", nullIfEmpty(headers));
		event.put("multiValueHeaders", nullIfEmpty(multiValueHeaders));
		MultiValueMap<String, String> query = request.getQueryParams();
		Map<String, String> single = new LinkedHashMap<>();
		Map<String, List<String>> multi = new LinkedHashMap<>();
		query.forEach((name, values) -> {
			List<String> present = new ArrayList<>(values.size());
			for (String value : values) {
				present.add((value != null) ? value : "");
			}
			// AWS: the last value of a repeated name.
			single.put(name, present.isEmpty() ? "" : present.get(present.size() - 1));
			multi.put(name, present);
		});
		event.put("queryStringParameters", nullIfEmpty(single));
		event.put("multiValueQueryStringParameters", nullIfEmpty(multi));
		event.put("pathParameters", nullIfEmpty(context.pathParameters()));
		event.put("stageVariables", nullIfEmpty(context.stageVariables()));
		event.put("requestContext", requestContext(context, path));
		if (body.length == 0) {
			event.put("body", null);
		}
		else {
			event.put("body", binary ? Base64.getEncoder().encodeToString(body)
					: new String(body, StandardCharsets.UTF_8));
		}
		event.put("isBase64Encoded", binary && body.length > 0);
		return event;
	}

	private static Map<String, @Nullable Object> requestContext(RequestContext context, String path) {
		Map<String, @Nullable Object> requestContext = new LinkedHashMap<>();
		requestContext.put("accountId", context.accountId());
		requestContext.put("apiId", context.apiId());
		Map<String, Object> authorizer = context.authorizer().asTemplateVariables();
		if (!authorizer.isEmpty()) {
			requestContext.put("authorizer", authorizer);
		}
		requestContext.put("deploymentId", context.deploymentId());
		requestContext.put("domainName", context.domainName());
		int dot = context.domainName().indexOf('.');
		requestContext.put("domainPrefix", (dot > 0) ? context.domainName().substring(0, dot) : context.domainName());
		requestContext.put("extendedRequestId", context.extendedRequestId());
		requestContext.put("httpMethod", context.httpMethod());
		requestContext.put("identity", identity(context));
		if (context.canaryRequest() != null) {
			requestContext.put("isCanaryRequest", context.canaryRequest());
		}
		requestContext.put("path", "/" + context.stage() + path);
		requestContext.put("protocol", context.protocol());
		requestContext.put("requestId", context.requestId());
		requestContext.put("requestTime", REQUEST_TIME.format(Instant.ofEpochMilli(context.requestTimeEpoch())));
		requestContext.put("requestTimeEpoch", context.requestTimeEpoch());
		requestContext.put("resourceId", context.resourceId());
		requestContext.put("resourcePath", context.resourcePath());
		requestContext.put("stage", context.stage());
		return requestContext;
	}

	private static Map<String, @Nullable Object> identity(RequestContext context) {
		CallerIdentity caller = context.identity();
		Map<String, @Nullable Object> identity = new LinkedHashMap<>();
		identity.put("accessKey", caller.accessKey());
		identity.put("accountId", caller.accountId());
		if (caller.apiKey() != null) {
			identity.put("apiKey", caller.apiKey());
		}
		if (caller.apiKeyId() != null) {
			identity.put("apiKeyId", caller.apiKeyId());
		}
		identity.put("caller", caller.caller());
		identity.put("cognitoAuthenticationProvider", null);
		identity.put("cognitoAuthenticationType", null);
		identity.put("cognitoIdentityId", null);
		identity.put("cognitoIdentityPoolId", null);
		identity.put("principalOrgId", null);
		identity.put("sourceIp", context.sourceIp());
		identity.put("user", caller.user());
		identity.put("userAgent", context.userAgent());
		identity.put("userArn", caller.userArn());
		return identity;
	}

	/** The request path below the stage ({@code /pets/1}), whichever invoke URL shape the client used. */
	static String pathBelowStage(RequestContext context, ServerHttpRequest request) {
		InvokeTarget target = InvokeTarget.parse(request.getHeaders().getFirst(HttpHeaders.HOST),
				request.getURI().getRawPath(), context.apiId());
		return (target != null) ? target.path() : request.getURI().getRawPath();
	}

	private static <V> @Nullable Map<String, V> nullIfEmpty(Map<String, V> map) {
		return map.isEmpty() ? null : map;
	}

}
