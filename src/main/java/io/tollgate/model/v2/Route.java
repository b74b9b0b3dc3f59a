package io.tollgate.model.v2;

import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.Immutables;
import io.tollgate.model.ModelIds;
import org.jspecify.annotations.Nullable;

/**
 * A route of an HTTP or WebSocket API (AWS {@code Route}). Its key's syntax depends on the API's protocol and is
 * checked by {@link ApiConfiguration}; so are {@code target} (an existing integration) and {@code authorizerId}.
 *
 * @param target {@code integrations/{integrationId}}, or {@code null} for a route without an integration
 * @param authorizationScopes scopes a JWT must carry one of (at most 10)
 * @param apiKeyRequired WebSocket APIs only
 * @param requestParameters WebSocket: {@code route.request.header.X} / {@code route.request.querystring.X} → whether
 * it is required
 * @param apiGatewayManaged made by quick create; cannot be changed or deleted through the API
 */
public record Route(String routeId, String routeKey, @Nullable String target, AuthorizationType authorizationType,
		@Nullable String authorizerId, List<String> authorizationScopes, boolean apiKeyRequired,
		Map<String, ParameterConstraints> requestParameters, Map<String, String> requestModels,
		@Nullable String modelSelectionExpression, @Nullable String routeResponseSelectionExpression,
		@Nullable String operationName, boolean apiGatewayManaged) {

	/** The prefix of a {@code target}. */
	public static final String TARGET_PREFIX = "integrations/";

	public static final int MAX_SCOPES = 10;

	public Route(String routeId, String routeKey, @Nullable String target,
			@Nullable AuthorizationType authorizationType, @Nullable String authorizerId,
			@Nullable List<String> authorizationScopes, boolean apiKeyRequired,
			@Nullable Map<String, ParameterConstraints> requestParameters,
			@Nullable Map<String, String> requestModels, @Nullable String modelSelectionExpression,
			@Nullable String routeResponseSelectionExpression, @Nullable String operationName,
			boolean apiGatewayManaged) {
		this.routeId = ModelIds.requireId(routeId, "routeId");
		if (routeKey == null || routeKey.isEmpty()) {
			throw ApiModelException.badRequest("Invalid routeKey: a value is required");
		}
		this.routeKey = routeKey;
		if (target != null && !target.startsWith(TARGET_PREFIX)) {
			throw ApiModelException.badRequest("Invalid target " + target + ": must be integrations/{integrationId}");
		}
		this.target = target;
		this.authorizationType = (authorizationType != null) ? authorizationType : AuthorizationType.NONE;
		this.authorizerId = authorizerId;
		this.authorizationScopes = Immutables.list(authorizationScopes);
		if (this.authorizationScopes.size() > MAX_SCOPES) {
			throw ApiModelException.badRequest("A route may have at most " + MAX_SCOPES + " authorization scopes");
		}
		this.apiKeyRequired = apiKeyRequired;
		this.requestParameters = Immutables.map(requestParameters);
		this.requestModels = Immutables.map(requestModels);
		this.modelSelectionExpression = modelSelectionExpression;
		this.routeResponseSelectionExpression = routeResponseSelectionExpression;
		this.operationName = operationName;
		this.apiGatewayManaged = apiGatewayManaged;
	}

	/** A route without authorization, targeting {@code integrationId} when given. */
	public static Route of(String routeId, String routeKey, @Nullable String integrationId) {
		return new Route(routeId, routeKey, (integrationId != null) ? TARGET_PREFIX + integrationId : null, null,
				null, null, false, null, null, null, null, null, false);
	}

	/** The id of the integration this route targets, or {@code null}. */
	public @Nullable String integrationId() {
		return (this.target != null) ? this.target.substring(TARGET_PREFIX.length()) : null;
	}

	public Route withTarget(@Nullable String integrationId) {
		return new Route(this.routeId, this.routeKey, (integrationId != null) ? TARGET_PREFIX + integrationId : null,
				this.authorizationType, this.authorizerId, this.authorizationScopes, this.apiKeyRequired,
				this.requestParameters, this.requestModels, this.modelSelectionExpression,
				this.routeResponseSelectionExpression, this.operationName, this.apiGatewayManaged);
	}

	public Route withApiGatewayManaged(boolean managed) {
		return new Route(this.routeId, this.routeKey, this.target, this.authorizationType, this.authorizerId,
				this.authorizationScopes, this.apiKeyRequired, this.requestParameters, this.requestModels,
				this.modelSelectionExpression, this.routeResponseSelectionExpression, this.operationName, managed);
	}

}
