package io.tollgate.model;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** A verb on a resource with its authorization and integration (AWS {@code Method}). */
public record Method(String httpMethod, AuthorizationType authorizationType, @Nullable String authorizerId,
		boolean apiKeyRequired, @Nullable String operationName, @Nullable String requestValidatorId,
		Map<String, Boolean> requestParameters, Map<String, String> requestModels,
		List<String> authorizationScopes, Map<String, MethodResponse> methodResponses,
		@Nullable Integration methodIntegration) {

	public Method(String httpMethod, @Nullable AuthorizationType authorizationType, @Nullable String authorizerId,
			boolean apiKeyRequired, @Nullable String operationName, @Nullable String requestValidatorId,
			@Nullable Map<String, Boolean> requestParameters, @Nullable Map<String, String> requestModels,
			@Nullable List<String> authorizationScopes, @Nullable Map<String, MethodResponse> methodResponses,
			@Nullable Integration methodIntegration) {
		this.httpMethod = HttpVerbs.require(ModelChecks.requireText(httpMethod, "method.httpMethod"),
				"method.httpMethod");
		this.authorizationType = (authorizationType != null) ? authorizationType : AuthorizationType.NONE;
		if ((this.authorizationType == AuthorizationType.CUSTOM
				|| this.authorizationType == AuthorizationType.COGNITO_USER_POOLS) && authorizerId == null) {
			throw ApiModelException.badRequest("Invalid authorizer ID specified. Setting the authorization type to "
					+ this.authorizationType + " requires a valid authorizer.");
		}
		this.authorizerId = authorizerId;
		this.apiKeyRequired = apiKeyRequired;
		this.operationName = operationName;
		this.requestValidatorId = requestValidatorId;
		this.requestParameters = Immutables.map(requestParameters);
		this.requestModels = Immutables.map(requestModels);
		this.authorizationScopes = Immutables.list(authorizationScopes);
		this.methodResponses = Immutables.map(methodResponses);
		this.methodIntegration = methodIntegration;
	}

	public Method withIntegration(@Nullable Integration integration) {
		return new Method(this.httpMethod, this.authorizationType, this.authorizerId, this.apiKeyRequired,
				this.operationName, this.requestValidatorId, this.requestParameters, this.requestModels,
				this.authorizationScopes, this.methodResponses, integration);
	}

}
