package io.tollgate.auth.lambda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.pipeline.RequestContext;
import io.tollgate.pipeline.HttpApiRequestFields;
import io.tollgate.pipeline.ProxyRequestFields;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.server.reactive.ServerHttpRequest;

/** The events API Gateway sends a Lambda authorizer, with AWS's keys in AWS's order. */
final class LambdaAuthorizerEvent {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
		ProxyRequestFields.of(context, request).putInto(event, false);
		event.put("requestContext", requestContext(context, request));
		return JSON.writeValueAsBytes(event);
	}

	/**
	 * An HTTP API authorizer's payload format 2.0 event (aws-behavior-v2 §A.6.2): the route ARN, the identity-source
	 * values as an array, and the request's 2.0 fields, without a body.
	 */
	static byte[] httpApi(RequestContext context, ServerHttpRequest request, String routeArn, List<String> identity) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("version", "2.0");
		event.put("type", "REQUEST");
		event.put("routeArn", routeArn);
		event.put("identitySource", identity);
		HttpApiRequestFields.putInto(event, context, request, Map.of(), null);
		return JSON.writeValueAsBytes(event);
	}

	/**
	 * An HTTP API authorizer's payload format 1.0 event: REST's REQUEST event with {@code "version": "1.0"}, the
	 * identity-source values joined with {@code ,} as both {@code identitySource} and {@code authorizationToken}.
	 */
	static byte[] httpApiVersion1(RequestContext context, ServerHttpRequest request, String methodArn,
			List<String> identity) {
		Map<String, @Nullable Object> event = new LinkedHashMap<>();
		event.put("version", "1.0");
		event.put("type", "REQUEST");
		event.put("methodArn", methodArn);
		event.put("identitySource", String.join(",", identity));
		event.put("authorizationToken", String.join(",", identity));
		ProxyRequestFields.of(context, request).putInto(event, false);
		event.put("path", context.path());
		event.put("requestContext", requestContext(context, request));
		return JSON.writeValueAsBytes(event);
	}

	private static Map<String, @Nullable Object> requestContext(RequestContext context, ServerHttpRequest request) {
		Map<String, @Nullable Object> requestContext = new LinkedHashMap<>();
		requestContext.put("resourceId", context.resourceId());
		requestContext.put("resourcePath", context.resourcePath());
		requestContext.put("httpMethod", context.httpMethod());
		requestContext.put("extendedRequestId", context.extendedRequestId());
		requestContext.put("requestTime", context.requestTime());
		requestContext.put("path", context.path());
		requestContext.put("accountId", context.accountId());
		requestContext.put("protocol", context.protocol());
		requestContext.put("stage", context.stage());
		requestContext.put("domainPrefix", context.domainPrefix());
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
		if (context.clientCert() != null) {
			identity.put("clientCert", context.clientCert().asMap());
		}
		requestContext.put("identity", identity);
		requestContext.put("domainName", context.domainName());
		requestContext.put("deploymentId", context.deploymentId());
		requestContext.put("apiId", context.apiId());
		return requestContext;
	}

}
