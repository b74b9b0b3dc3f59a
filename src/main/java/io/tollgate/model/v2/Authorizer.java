package io.tollgate.model.v2;

import java.util.List;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.Immutables;
import io.tollgate.model.ModelChecks;
import io.tollgate.model.ModelIds;
import org.jspecify.annotations.Nullable;

/**
 * An authorizer of an HTTP or WebSocket API (AWS {@code Authorizer}): a JWT check (HTTP APIs only) or a Lambda
 * function ({@code REQUEST}). Checked against the API's protocol by {@link #check(ProtocolType)}.
 *
 * @param identitySource JWT: exactly one {@code $request.header.X} / {@code $request.querystring.X}; REQUEST: any
 * number of {@code $request.*}, {@code $context.*}, {@code $stageVariables.*} (WebSocket:
 * {@code route.request.header.X} ...)
 * @param authorizerResultTtlInSeconds 0&ndash;3600; {@code null} or 0 caches nothing
 * @param enableSimpleResponses REQUEST authorizers with payload format 2.0 only
 */
public record Authorizer(String authorizerId, String name, AuthorizerType authorizerType,
		List<String> identitySource, @Nullable JwtConfiguration jwtConfiguration, @Nullable String authorizerUri,
		@Nullable String authorizerPayloadFormatVersion, @Nullable Boolean enableSimpleResponses,
		@Nullable Integer authorizerResultTtlInSeconds, @Nullable String authorizerCredentialsArn,
		@Nullable String identityValidationExpression) {

	public static final int MAX_RESULT_TTL = 3600;

	public Authorizer(String authorizerId, String name, AuthorizerType authorizerType,
			@Nullable List<String> identitySource, @Nullable JwtConfiguration jwtConfiguration,
			@Nullable String authorizerUri, @Nullable String authorizerPayloadFormatVersion,
			@Nullable Boolean enableSimpleResponses, @Nullable Integer authorizerResultTtlInSeconds,
			@Nullable String authorizerCredentialsArn, @Nullable String identityValidationExpression) {
		this.authorizerId = ModelIds.requireId(authorizerId, "authorizerId");
		if (name == null || name.isBlank() || name.length() > 128) {
			throw ApiModelException.badRequest("Invalid name: must be 1 to 128 characters");
		}
		this.name = name;
		this.authorizerType = ModelChecks.require(authorizerType, "authorizerType");
		this.identitySource = Immutables.list(identitySource);
		this.jwtConfiguration = jwtConfiguration;
		this.authorizerUri = authorizerUri;
		this.authorizerPayloadFormatVersion = authorizerPayloadFormatVersion;
		this.enableSimpleResponses = enableSimpleResponses;
		if (authorizerResultTtlInSeconds != null
				&& (authorizerResultTtlInSeconds < 0 || authorizerResultTtlInSeconds > MAX_RESULT_TTL)) {
			throw ApiModelException.badRequest("Invalid authorizerResultTtlInSeconds " + authorizerResultTtlInSeconds
					+ ": must be from 0 to " + MAX_RESULT_TTL);
		}
		this.authorizerResultTtlInSeconds = authorizerResultTtlInSeconds;
		this.authorizerCredentialsArn = authorizerCredentialsArn;
		this.identityValidationExpression = identityValidationExpression;
	}

	/** A JWT authorizer reading the token from {@code identitySource}. */
	public static Authorizer jwt(String authorizerId, String name, String identitySource, String issuer,
			List<String> audience) {
		return new Authorizer(authorizerId, name, AuthorizerType.JWT, List.of(identitySource),
				new JwtConfiguration(audience, issuer), null, null, null, null, null, null);
	}

	/** Seconds a decision may be cached for; 0 when not cached. */
	public int resultTtlSeconds() {
		return (this.authorizerResultTtlInSeconds != null) ? this.authorizerResultTtlInSeconds : 0;
	}

	/** Refuses what an API of {@code protocol} does not accept. */
	void check(ProtocolType protocol) {
		boolean http = protocol == ProtocolType.HTTP;
		if (this.authorizerType == AuthorizerType.JWT) {
			if (!http) {
				throw ApiModelException.badRequest("JWT authorizers are supported only for HTTP APIs");
			}
			if (this.jwtConfiguration == null || this.jwtConfiguration.issuer() == null
					|| this.jwtConfiguration.issuer().isBlank()) {
				throw ApiModelException.badRequest("JwtConfiguration.issuer is required for a JWT authorizer");
			}
			if (this.jwtConfiguration.audience().size() > JwtConfiguration.MAX_AUDIENCES) {
				throw ApiModelException.badRequest("A JWT authorizer may have at most "
						+ JwtConfiguration.MAX_AUDIENCES + " audiences");
			}
			if (this.identitySource.size() != 1) {
				throw ApiModelException.badRequest("A JWT authorizer takes exactly one identity source");
			}
			return;
		}
		if (this.authorizerUri == null || this.authorizerUri.isBlank()) {
			throw ApiModelException.badRequest("AuthorizerUri is required for a REQUEST authorizer");
		}
		String payload = this.authorizerPayloadFormatVersion;
		if (http) {
			if (payload == null || (!payload.equals("1.0") && !payload.equals("2.0"))) {
				throw ApiModelException.badRequest(
						"AuthorizerPayloadFormatVersion is required for a REQUEST authorizer of an HTTP API: 1.0 or 2.0");
			}
		}
		if (Boolean.TRUE.equals(this.enableSimpleResponses) && !"2.0".equals(payload)) {
			throw ApiModelException.badRequest("Simple responses require authorizerPayloadFormatVersion 2.0");
		}
		if (this.resultTtlSeconds() > 0 && this.identitySource.isEmpty()) {
			throw ApiModelException.badRequest("Caching authorizer results requires an identity source");
		}
	}

}
