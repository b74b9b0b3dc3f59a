package io.tollgate.model;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The parts of a REST API beside its resource tree, each by id (gateway responses by response type): authorizers,
 * request validators, models and customised gateway responses. Deployments freeze them with the resources.
 */
public record ApiComponents(Map<String, Authorizer> authorizers, Map<String, RequestValidator> requestValidators,
		Map<String, Model> models, Map<String, GatewayResponse> gatewayResponses) {

	public static final ApiComponents EMPTY = new ApiComponents(null, null, null, null);

	public ApiComponents(@Nullable Map<String, Authorizer> authorizers,
			@Nullable Map<String, RequestValidator> requestValidators, @Nullable Map<String, Model> models,
			@Nullable Map<String, GatewayResponse> gatewayResponses) {
		this.authorizers = Immutables.map(authorizers);
		this.requestValidators = Immutables.map(requestValidators);
		this.models = Immutables.map(models);
		this.gatewayResponses = Immutables.map(gatewayResponses);
	}

}
