package io.tollgate.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Integration;
import io.tollgate.model.Method;
import io.tollgate.model.MethodResponse;
import org.jspecify.annotations.Nullable;

/**
 * A method being put or patched: the fields of {@link Method}, changeable one by one, then checked against the
 * API's authorizers, request validators and models as AWS checks them, and built into a new {@link Method}.
 */
final class MethodDraft {

	private static final String INVALID_AUTHORIZER = "Invalid authorizer ID specified. Setting the authorization "
			+ "type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.";

	final String httpMethod;

	AuthorizationType authorizationType;

	@Nullable String authorizerId;

	boolean apiKeyRequired;

	@Nullable String operationName;

	@Nullable String requestValidatorId;

	final Map<String, Boolean> requestParameters;

	final Map<String, String> requestModels;

	final List<String> authorizationScopes;

	final Map<String, MethodResponse> methodResponses;

	final @Nullable Integration methodIntegration;

	/** A new method, without responses or integration. */
	MethodDraft(String httpMethod, AuthorizationType authorizationType) {
		this.httpMethod = httpMethod;
		this.authorizationType = authorizationType;
		this.requestParameters = new LinkedHashMap<>();
		this.requestModels = new LinkedHashMap<>();
		this.authorizationScopes = new ArrayList<>();
		this.methodResponses = new LinkedHashMap<>();
		this.methodIntegration = null;
	}

	MethodDraft(Method method) {
		this.httpMethod = method.httpMethod();
		this.authorizationType = method.authorizationType();
		this.authorizerId = method.authorizerId();
		this.apiKeyRequired = method.apiKeyRequired();
		this.operationName = method.operationName();
		this.requestValidatorId = method.requestValidatorId();
		this.requestParameters = new LinkedHashMap<>(method.requestParameters());
		this.requestModels = new LinkedHashMap<>(method.requestModels());
		this.authorizationScopes = new ArrayList<>(method.authorizationScopes());
		this.methodResponses = new LinkedHashMap<>(method.methodResponses());
		this.methodIntegration = method.methodIntegration();
	}

	/** The method, checked against the API it belongs to. */
	Method build(ApiDefinition api) {
		boolean needsAuthorizer = this.authorizationType == AuthorizationType.CUSTOM
				|| this.authorizationType == AuthorizationType.COGNITO_USER_POOLS;
		if (needsAuthorizer && (this.authorizerId == null
				|| !api.components().authorizers().containsKey(this.authorizerId))) {
			throw ApiModelException.badRequest(INVALID_AUTHORIZER);
		}
		// Only the authorization types that use an authorizer keep one, so no method names an authorizer it ignores.
		String authorizer = needsAuthorizer ? this.authorizerId : null;
		if (this.requestValidatorId != null
				&& !api.components().requestValidators().containsKey(this.requestValidatorId)) {
			throw ApiModelException.badRequest("Invalid Request Validator identifier specified");
		}
		MethodEdits.requireModels(api, this.requestModels);
		return new Method(this.httpMethod, this.authorizationType, authorizer, this.apiKeyRequired,
				this.operationName, this.requestValidatorId, this.requestParameters, this.requestModels,
				this.authorizationScopes, this.methodResponses, this.methodIntegration);
	}

}
