package io.tollgate.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A custom (Lambda) or Cognito authorizer of a REST API (AWS {@code Authorizer}). */
public record Authorizer(String id, String name, AuthorizerType type, List<String> providerARNs,
		@Nullable String authType, @Nullable String authorizerUri, @Nullable String authorizerCredentials,
		@Nullable String identitySource, @Nullable String identityValidationExpression,
		Integer authorizerResultTtlInSeconds) {

	public Authorizer(String id, String name, AuthorizerType type, @Nullable List<String> providerARNs,
			@Nullable String authType, @Nullable String authorizerUri, @Nullable String authorizerCredentials,
			@Nullable String identitySource, @Nullable String identityValidationExpression,
			@Nullable Integer authorizerResultTtlInSeconds) {
		this.id = ModelIds.requireId(id, "authorizer.id");
		this.name = ModelChecks.requireText(name, "authorizer.name");
		this.type = ModelChecks.require(type, "authorizer.type");
		this.providerARNs = Immutables.list(providerARNs);
		this.authType = authType;
		this.authorizerUri = authorizerUri;
		this.authorizerCredentials = authorizerCredentials;
		this.identitySource = identitySource;
		this.identityValidationExpression = identityValidationExpression;
		int ttl = (authorizerResultTtlInSeconds != null) ? authorizerResultTtlInSeconds : 300;
		if (ttl < 0 || ttl > 3600) {
			throw ApiModelException.badRequest("Authorizer result TTL must be between 0 and 3600 seconds");
		}
		this.authorizerResultTtlInSeconds = ttl;
	}

}
