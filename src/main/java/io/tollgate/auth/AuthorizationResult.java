package io.tollgate.auth;

import java.util.Map;

import io.tollgate.pipeline.RequestContext;
import io.tollgate.pipeline.GatewayResponseType;
import org.jspecify.annotations.Nullable;

import org.springframework.web.server.ServerWebExchange;

/**
 * What a {@link RequestAuthorizer} decided about one request. Every outcome but {@link Allow} ends the request with
 * a gateway response.
 */
public sealed interface AuthorizationResult {

	/** Whether the decision came from the authorizer result cache (for the decisions meter). */
	boolean cached();

	/** The meter's {@code outcome} tag. */
	String outcome();

	/**
	 * The request goes on.
	 * @param exchange the exchange to continue with (e.g. with the SigV4 {@code Authorization} header removed)
	 * @param context the request context with the caller's identity or the authorizer's output
	 */
	record Allow(ServerWebExchange exchange, RequestContext context, boolean cached) implements AuthorizationResult {

		@Override
		public String outcome() {
			return "allow";
		}

	}

	/**
	 * The caller is known but refused: a policy's deny ({@code ACCESS_DENIED}) or a rejected signature
	 * ({@code INVALID_SIGNATURE}, {@code MISSING_AUTHENTICATION_TOKEN}, {@code EXPIRED_TOKEN}).
	 * @param errorType the {@code x-amzn-ErrorType} when it differs from the type's own
	 * ({@code IncompleteSignatureException}), else {@code null}
	 */
	record Deny(GatewayResponseType type, String message, @Nullable String errorType,
			boolean cached) implements AuthorizationResult {

		public static Deny accessDenied(String message, boolean cached) {
			return new Deny(GatewayResponseType.ACCESS_DENIED, message, null, cached);
		}

		@Override
		public String outcome() {
			return "deny";
		}

	}

	/**
	 * The caller did not authenticate: 401 {@code {"message":"Unauthorized"}} (or AWS's more specific text).
	 * @param headers headers of the 401 (an HTTP API JWT authorizer's {@code www-authenticate})
	 */
	record Unauthorized(String message, Map<String, String> headers) implements AuthorizationResult {

		public static final Unauthorized DEFAULT = new Unauthorized("Unauthorized");

		public Unauthorized {
			headers = Map.copyOf(headers);
		}

		public Unauthorized(String message) {
			this(message, Map.of());
		}

		@Override
		public boolean cached() {
			return false;
		}

		@Override
		public String outcome() {
			return "unauthorized";
		}

	}

	/** The authorizer failed or answered something unusable: 500 {@code AuthorizerConfigurationException}. */
	record Error(GatewayResponseType type, @Nullable String message) implements AuthorizationResult {

		public static final Error CONFIGURATION = new Error(GatewayResponseType.AUTHORIZER_CONFIGURATION_ERROR, null);

		@Override
		public boolean cached() {
			return false;
		}

		@Override
		public String outcome() {
			return "error";
		}

	}

}
