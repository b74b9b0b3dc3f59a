package io.tollgate.model;

import java.util.LinkedHashMap;
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

	public ApiComponents withAuthorizer(Authorizer authorizer) {
		return new ApiComponents(put(this.authorizers, authorizer.id(), authorizer), this.requestValidators,
				this.models, this.gatewayResponses);
	}

	public ApiComponents withoutAuthorizer(String id) {
		return new ApiComponents(remove(this.authorizers, id), this.requestValidators, this.models,
				this.gatewayResponses);
	}

	public ApiComponents withRequestValidator(RequestValidator validator) {
		return new ApiComponents(this.authorizers, put(this.requestValidators, validator.id(), validator),
				this.models, this.gatewayResponses);
	}

	public ApiComponents withoutRequestValidator(String id) {
		return new ApiComponents(this.authorizers, remove(this.requestValidators, id), this.models,
				this.gatewayResponses);
	}

	public ApiComponents withModel(Model model) {
		return new ApiComponents(this.authorizers, this.requestValidators, put(this.models, model.id(), model),
				this.gatewayResponses);
	}

	public ApiComponents withoutModel(String id) {
		return new ApiComponents(this.authorizers, this.requestValidators, remove(this.models, id),
				this.gatewayResponses);
	}

	/** Gateway responses are keyed by their response type. */
	public ApiComponents withGatewayResponse(GatewayResponse response) {
		return new ApiComponents(this.authorizers, this.requestValidators, this.models,
				put(this.gatewayResponses, response.responseType(), response));
	}

	public ApiComponents withoutGatewayResponse(String responseType) {
		return new ApiComponents(this.authorizers, this.requestValidators, this.models,
				remove(this.gatewayResponses, responseType));
	}

	private static <T> Map<String, T> put(Map<String, T> map, String key, T value) {
		Map<String, T> changed = new LinkedHashMap<>(map);
		changed.put(key, value);
		return changed;
	}

	private static <T> Map<String, T> remove(Map<String, T> map, String key) {
		Map<String, T> changed = new LinkedHashMap<>(map);
		changed.remove(key);
		return changed;
	}

}
