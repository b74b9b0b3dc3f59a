package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.pipeline.CallerIdentity;
import io.tollgate.pipeline.ProxyRequestFields;
import io.tollgate.pipeline.RequestContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The event a Lambda proxy integration sends: API Gateway's REST proxy event, payload format 1.0, with AWS's key
 * set and order, the headers API Gateway adds ({@link BackendRequestHeaders}) last. Empty collections are
 * {@code null}, as in AWS; a body whose Content-Type is a binary media type is base64-encoded with
 * {@code isBase64Encoded: true}.
 */
final class ProxyEvent {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProxyEvent() {
	}

	/** The event as JSON bytes. */
	static byte[] of(RequestContext context, ServerHttpRequest request, byte[] body, boolean binary) {
		return JSON.writeValueAsBytes(asMap(context, request, body, binary));
	}

	static Map<String, @Nullable Object> asMap(RequestContext context, ServerHttpRequest request, byte[] body,
			boolean binary) {
		ProxyRequestFields fields = ProxyRequestFields.of(context, request)
			.withHeaders(BackendRequestHeaders.of(context, request, TraceIds.of(request)));
		Map<String, @Nullable Object> event = new LinkedHashMap<>();
		fields.putInto(event, true);
		event.put("requestContext", requestContext(context, fields.path()));
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
		requestContext.put("domainPrefix", context.domainPrefix());
		requestContext.put("extendedRequestId", context.extendedRequestId());
		requestContext.put("httpMethod", context.httpMethod());
		requestContext.put("identity", identity(context));
		if (context.canaryRequest() != null) {
			requestContext.put("isCanaryRequest", context.canaryRequest());
		}
		// Through a custom domain the client's own path, base path included, as in AWS.
		requestContext.put("path", (context.basePathMatched() != null) ? context.path() : "/" + context.stage() + path);
		requestContext.put("protocol", context.protocol());
		requestContext.put("requestId", context.requestId());
		requestContext.put("requestTime", context.requestTime());
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
		if (context.clientCert() != null) {
			identity.put("clientCert", context.clientCert().asMap());
		}
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

}
