package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.pipeline.CallerIdentity;
import io.tollgate.pipeline.HttpApiRequestFields;
import io.tollgate.pipeline.RequestContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The event an HTTP API's Lambda proxy integration sends with payload format 2.0 (aws-behavior-v2 §A.3): the
 * request's {@link HttpApiRequestFields} with the headers API Gateway adds, the authorizer's output, and the body (a
 * text body as text, anything else base64-encoded; {@code isBase64Encoded} always there).
 */
final class HttpApiEvent {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private HttpApiEvent() {
	}

	static byte[] of(RequestContext context, ServerHttpRequest request, byte[] body) {
		return JSON.writeValueAsBytes(asMap(context, request, body));
	}

	static Map<String, Object> asMap(RequestContext context, ServerHttpRequest request, byte[] body) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("version", "2.0");
		HttpApiRequestFields.putInto(event, context, request,
				BackendRequestHeaders.of(context, request, TraceIds.of(request)), authorizer(context));
		boolean binary = !HttpApiRequestFields.isText(request.getHeaders());
		if (body.length > 0) {
			event.put("body", binary ? Base64.getEncoder().encodeToString(body)
					: new String(body, StandardCharsets.UTF_8));
		}
		event.put("isBase64Encoded", binary && body.length > 0);
		return event;
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

}
