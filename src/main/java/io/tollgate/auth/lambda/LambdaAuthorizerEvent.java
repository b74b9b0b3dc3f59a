package io.tollgate.auth.lambda;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tollgate.context.RequestContext;
import io.tollgate.routing.InvokeTarget;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** The events API Gateway sends a Lambda authorizer, with AWS's keys in AWS's order. */
final class LambdaAuthorizerEvent {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter
		.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static final List<String> DROPPED_HEADERS = List.of(HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONNECTION,
			HttpHeaders.TRANSFER_ENCODING);

	private LambdaAuthorizerEvent() {
	}

	/** {@code {"type":"TOKEN","authorizationToken":...,"methodArn":...}}. */
	static byte[] token(String token, String methodArn) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "TOKEN");
		event.put("authorizationToken", token);
		event.put("methodArn", methodArn);
		return JSON.writeValueAsBytes(event);
	}

	/** The REQUEST event: the method ARN and the request's headers, query, path, stage variables and context. */
	static byte[] request(RequestContext context, ServerHttpRequest request, String methodArn) {
		Map<String, @Nullable Object> event = new LinkedHashMap<>();
		event.put("type", "REQUEST");
		event.put("methodArn", methodArn);
		event.put("resource", context.resourcePath());
		String path = pathBelowStage(context, request);
		event.put("path", path);
		event.put("httpMethod", context.httpMethod());
		Map<String, String> headers = new LinkedHashMap<>();
		Map<String, List<String>> multiValueHeaders = new LinkedHashMap<>();
		request.getHeaders().forEach((name, values) -> {
			if (values.isEmpty() || DROPPED_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
				return;
			}
			headers.put(name, values.get(values.size() - 1));
			multiValueHeaders.put(name, List.copyOf(values));
		});
		event.put("headers", headers);
		event.put("multiValueHeaders", multiValueHeaders);
		Map<String, String> query = new LinkedHashMap<>();
		Map<String, List<String>> multiValueQuery = new LinkedHashMap<>();
		request.getQueryParams().forEach((name, values) -> {
			List<String> present = new ArrayList<>(values.size());
			values.forEach((value) -> present.add((value != null) ? value : ""));
			query.put(name, present.isEmpty() ? "" : present.get(present.size() - 1));
			multiValueQuery.put(name, present);
		});
		event.put("queryStringParameters", query);
		event.put("multiValueQueryStringParameters", multiValueQuery);
		event.put("pathParameters", context.pathParameters());
		event.put("stageVariables", context.stageVariables());
		event.put("requestContext", requestContext(context, request));
		return JSON.writeValueAsBytes(event);
	}

	private static Map<String, @Nullable Object> requestContext(RequestContext context, ServerHttpRequest request) {
		Map<String, @Nullable Object> requestContext = new LinkedHashMap<>();
		requestContext.put("resourceId", context.resourceId());
		requestContext.put("resourcePath", context.resourcePath());
		requestContext.put("httpMethod", context.httpMethod());
		requestContext.put("extendedRequestId", context.extendedRequestId());
		requestContext.put("requestTime", REQUEST_TIME.format(Instant.ofEpochMilli(context.requestTimeEpoch())));
		requestContext.put("path", context.path());
		requestContext.put("accountId", context.accountId());
		requestContext.put("protocol", context.protocol());
		requestContext.put("stage", context.stage());
		requestContext.put("domainPrefix", domainPrefix(context.domainName()));
		requestContext.put("requestTimeEpoch", context.requestTimeEpoch());
		requestContext.put("requestId", context.requestId());
		Map<String, @Nullable Object> identity = new LinkedHashMap<>();
		identity.put("cognitoIdentityPoolId", null);
		identity.put("accountId", null);
		identity.put("cognitoIdentityId", null);
		identity.put("caller", null);
		identity.put("sourceIp", context.sourceIp());
		identity.put("principalOrgId", null);
		identity.put("accessKey", null);
		identity.put("cognitoAuthenticationType", null);
		identity.put("cognitoAuthenticationProvider", null);
		identity.put("userArn", null);
		identity.put("userAgent", context.userAgent());
		identity.put("user", null);
		// The API key step runs after the authorizer; AWS passes the key the request carries.
		identity.put("apiKey", request.getHeaders().getFirst("x-api-key"));
		requestContext.put("identity", identity);
		requestContext.put("domainName", context.domainName());
		requestContext.put("deploymentId", context.deploymentId());
		requestContext.put("apiId", context.apiId());
		return requestContext;
	}

	/** The request path below the stage, whichever form of invoke URL the request used. */
	private static String pathBelowStage(RequestContext context, ServerHttpRequest request) {
		InvokeTarget target = InvokeTarget.parse(request.getHeaders().getFirst(HttpHeaders.HOST),
				request.getURI().getRawPath(), context.apiId());
		return (target != null) ? target.path() : request.getURI().getRawPath();
	}

	private static String domainPrefix(String domainName) {
		int dot = domainName.indexOf('.');
		return (dot > 0) ? domainName.substring(0, dot) : domainName;
	}

}
