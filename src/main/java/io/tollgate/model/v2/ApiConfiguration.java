package io.tollgate.model.v2;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.Immutables;
import io.tollgate.model.ModelChecks;
import org.jspecify.annotations.Nullable;

/**
 * Everything of an HTTP or WebSocket API that a deployment freezes (AWS's "Api configuration"): its settings, routes
 * and their route responses, integrations and their integration responses, authorizers and models. The API's
 * editable draft is one ({@link ApiV2Definition#configuration()}) and so is what each deployment serves
 * ({@link Deployment#configuration()}).
 * <p>
 * The constructor checks the whole configuration against the API's protocol, so that an invalid change is refused
 * as a whole: route keys ({@code $default} or {@code METHOD /path} for HTTP APIs, identical when they differ only
 * in parameter names; {@code $connect}, {@code $disconnect}, {@code $default} or a key not starting with {@code $}
 * for WebSocket APIs), a route's {@code target} naming an existing integration and its {@code authorizerId} an
 * existing authorizer of the matching type, integration types, payload format versions and timeouts
 * ({@link Integration}), authorizers ({@link Authorizer}).
 *
 * @param routes by {@code routeId}, in creation order
 * @param routeResponses by {@code routeId}, then {@code routeResponseId}
 * @param integrations by {@code integrationId}
 * @param integrationResponses by {@code integrationId}, then {@code integrationResponseId}
 * @param authorizers by {@code authorizerId}
 * @param models by {@code modelId}
 */
public record ApiConfiguration(Api api, Map<String, Route> routes, Map<String, Map<String, RouteResponse>> routeResponses,
		Map<String, Integration> integrations,
		Map<String, Map<String, IntegrationResponse>> integrationResponses, Map<String, Authorizer> authorizers,
		Map<String, Model> models) {

	/** AWS's per-API quotas. */
	public static final int MAX_ROUTES = 300;

	public static final int MAX_INTEGRATIONS = 300;

	public static final int MAX_AUTHORIZERS = 10;

	public ApiConfiguration(Api api, @Nullable Map<String, Route> routes,
			@Nullable Map<String, Map<String, RouteResponse>> routeResponses,
			@Nullable Map<String, Integration> integrations,
			@Nullable Map<String, Map<String, IntegrationResponse>> integrationResponses,
			@Nullable Map<String, Authorizer> authorizers, @Nullable Map<String, Model> models) {
		this.api = ModelChecks.require(api, "api");
		this.routes = Immutables.map(routes);
		this.routeResponses = nested(routeResponses);
		this.integrations = Immutables.map(integrations);
		this.integrationResponses = nested(integrationResponses);
		this.authorizers = Immutables.map(authorizers);
		this.models = Immutables.map(models);
		check();
	}

	/** A new API with nothing but its settings. */
	public static ApiConfiguration of(Api api) {
		return new ApiConfiguration(api, null, null, null, null, null, null);
	}

	public ProtocolType protocolType() {
		return this.api.protocolType();
	}

	public Optional<Route> route(String routeId) {
		return Optional.ofNullable(this.routes.get(routeId));
	}

	/** The route with exactly this key. */
	public Optional<Route> routeByKey(String routeKey) {
		return this.routes.values().stream().filter((route) -> route.routeKey().equals(routeKey)).findFirst();
	}

	public Optional<Integration> integration(String integrationId) {
		return Optional.ofNullable(this.integrations.get(integrationId));
	}

	/** The integration a route targets; empty for a route without a target. */
	public Optional<Integration> integrationOf(Route route) {
		String integrationId = route.integrationId();
		return (integrationId != null) ? integration(integrationId) : Optional.empty();
	}

	public Optional<Authorizer> authorizer(String authorizerId) {
		return Optional.ofNullable(this.authorizers.get(authorizerId));
	}

	/** The authorizer a route uses; empty for routes without one. */
	public Optional<Authorizer> authorizerOf(Route route) {
		return (route.authorizerId() != null) ? authorizer(route.authorizerId()) : Optional.empty();
	}

	public Map<String, RouteResponse> routeResponsesOf(String routeId) {
		return this.routeResponses.getOrDefault(routeId, Map.of());
	}

	public Map<String, IntegrationResponse> integrationResponsesOf(String integrationId) {
		return this.integrationResponses.getOrDefault(integrationId, Map.of());
	}

	public Optional<Model> model(String modelId) {
		return Optional.ofNullable(this.models.get(modelId));
	}

	public ApiConfiguration withApi(Api changed) {
		if (!changed.apiId().equals(this.api.apiId()) || changed.protocolType() != this.api.protocolType()) {
			throw ApiModelException.badRequest("The id and protocol type of an API cannot change");
		}
		return new ApiConfiguration(changed, this.routes, this.routeResponses, this.integrations,
				this.integrationResponses, this.authorizers, this.models);
	}

	/** Adds a route or replaces the one with its id. */
	public ApiConfiguration withRoute(Route route) {
		return new ApiConfiguration(this.api, put(this.routes, route.routeId(), route), this.routeResponses,
				this.integrations, this.integrationResponses, this.authorizers, this.models);
	}

	/** Removes a route with its route responses. */
	public ApiConfiguration withoutRoute(String routeId) {
		requireRoute(routeId);
		return new ApiConfiguration(this.api, remove(this.routes, routeId), remove(this.routeResponses, routeId),
				this.integrations, this.integrationResponses, this.authorizers, this.models);
	}

	public ApiConfiguration withRouteResponse(String routeId, RouteResponse response) {
		requireRoute(routeId);
		Map<String, Map<String, RouteResponse>> changed = new LinkedHashMap<>(this.routeResponses);
		changed.put(routeId, put(routeResponsesOf(routeId), response.routeResponseId(), response));
		return new ApiConfiguration(this.api, this.routes, changed, this.integrations, this.integrationResponses,
				this.authorizers, this.models);
	}

	public ApiConfiguration withoutRouteResponse(String routeId, String routeResponseId) {
		if (!routeResponsesOf(routeId).containsKey(routeResponseId)) {
			throw ApiModelException.notFound("Invalid RouteResponse identifier specified " + routeResponseId);
		}
		Map<String, Map<String, RouteResponse>> changed = new LinkedHashMap<>(this.routeResponses);
		changed.put(routeId, remove(routeResponsesOf(routeId), routeResponseId));
		return new ApiConfiguration(this.api, this.routes, changed, this.integrations, this.integrationResponses,
				this.authorizers, this.models);
	}

	/** Adds an integration, with AWS's defaults for the API's protocol, or replaces the one with its id. */
	public ApiConfiguration withIntegration(Integration integration) {
		Integration completed = integration.completed(protocolType());
		return new ApiConfiguration(this.api, this.routes, this.routeResponses,
				put(this.integrations, completed.integrationId(), completed), this.integrationResponses,
				this.authorizers, this.models);
	}

	/** Removes an integration with its responses; refused while a route targets it. */
	public ApiConfiguration withoutIntegration(String integrationId) {
		requireDeletable(this.integrations, "Integration", integrationId, Route::integrationId, "is the target of");
		return new ApiConfiguration(this.api, this.routes, this.routeResponses, remove(this.integrations, integrationId),
				remove(this.integrationResponses, integrationId), this.authorizers, this.models);
	}

	public ApiConfiguration withIntegrationResponse(String integrationId, IntegrationResponse response) {
		if (!this.integrations.containsKey(integrationId)) {
			throw ApiModelException.notFound("Invalid Integration identifier specified " + integrationId);
		}
		Map<String, Map<String, IntegrationResponse>> changed = new LinkedHashMap<>(this.integrationResponses);
		changed.put(integrationId,
				put(integrationResponsesOf(integrationId), response.integrationResponseId(), response));
		return new ApiConfiguration(this.api, this.routes, this.routeResponses, this.integrations, changed,
				this.authorizers, this.models);
	}

	public ApiConfiguration withoutIntegrationResponse(String integrationId, String integrationResponseId) {
		if (!integrationResponsesOf(integrationId).containsKey(integrationResponseId)) {
			throw ApiModelException.notFound("Invalid IntegrationResponse identifier specified "
					+ integrationResponseId);
		}
		Map<String, Map<String, IntegrationResponse>> changed = new LinkedHashMap<>(this.integrationResponses);
		changed.put(integrationId, remove(integrationResponsesOf(integrationId), integrationResponseId));
		return new ApiConfiguration(this.api, this.routes, this.routeResponses, this.integrations, changed,
				this.authorizers, this.models);
	}

	public ApiConfiguration withAuthorizer(Authorizer authorizer) {
		return new ApiConfiguration(this.api, this.routes, this.routeResponses, this.integrations,
				this.integrationResponses, put(this.authorizers, authorizer.authorizerId(), authorizer), this.models);
	}

	/** Removes an authorizer; refused while a route uses it. */
	public ApiConfiguration withoutAuthorizer(String authorizerId) {
		requireDeletable(this.authorizers, "Authorizer", authorizerId, Route::authorizerId, "is used by");
		return new ApiConfiguration(this.api, this.routes, this.routeResponses, this.integrations,
				this.integrationResponses, remove(this.authorizers, authorizerId), this.models);
	}

	/**
	 * Refuses deleting a component that does not exist (404) or that a route still refers to (409), as AWS does.
	 * @param type the component's type in AWS's messages ({@code Integration}, {@code Authorizer})
	 * @param referenceOf the id of such a component a route refers to, or {@code null}
	 * @param relation how a route refers to it in the message ({@code is used by})
	 */
	private void requireDeletable(Map<String, ?> components, String type, String id,
			Function<Route, @Nullable String> referenceOf, String relation) {
		if (!components.containsKey(id)) {
			throw ApiModelException.notFound("Invalid " + type + " identifier specified " + id);
		}
		for (Route route : this.routes.values()) {
			if (id.equals(referenceOf.apply(route))) {
				throw ApiModelException.conflict(type + " " + id + " " + relation + " route " + route.routeKey()
						+ " and cannot be deleted");
			}
		}
	}

	public ApiConfiguration withModel(Model model) {
		return new ApiConfiguration(this.api, this.routes, this.routeResponses, this.integrations,
				this.integrationResponses, this.authorizers, put(this.models, model.modelId(), model));
	}

	public ApiConfiguration withoutModel(String modelId) {
		if (!this.models.containsKey(modelId)) {
			throw ApiModelException.notFound("Invalid Model identifier specified " + modelId);
		}
		return new ApiConfiguration(this.api, this.routes, this.routeResponses, this.integrations,
				this.integrationResponses, this.authorizers, remove(this.models, modelId));
	}

	public Route requireRoute(String routeId) {
		return route(routeId)
			.orElseThrow(() -> ApiModelException.notFound("Invalid Route identifier specified " + routeId));
	}

	private void check() {
		ProtocolType protocol = protocolType();
		boolean http = protocol == ProtocolType.HTTP;
		checkKeys(this.routes, Route::routeId, "Route");
		checkKeys(this.integrations, Integration::integrationId, "Integration");
		checkKeys(this.authorizers, Authorizer::authorizerId, "Authorizer");
		checkKeys(this.models, Model::modelId, "Model");
		if (this.routes.size() > MAX_ROUTES || this.integrations.size() > MAX_INTEGRATIONS
				|| this.authorizers.size() > MAX_AUTHORIZERS) {
			throw ApiModelException.badRequest("An API may have at most " + MAX_ROUTES + " routes, "
					+ MAX_INTEGRATIONS + " integrations and " + MAX_AUTHORIZERS + " authorizers");
		}
		this.integrations.values().forEach((integration) -> integration.check(protocol));
		this.authorizers.values().forEach((authorizer) -> authorizer.check(protocol));
		Map<String, Route> bySignature = new HashMap<>();
		for (Route route : this.routes.values()) {
			String signature = http ? HttpRouteKey.parse(route.routeKey()).signature()
					: WebSocketRouteKeys.check(route.routeKey());
			Route other = bySignature.putIfAbsent(signature, route);
			if (other != null) {
				throw ApiModelException.conflict("Unable to create route " + route.routeKey()
						+ ". A route with the same key already exists: " + other.routeKey());
			}
			checkRoute(route, http);
		}
		this.routeResponses.forEach((routeId, responses) -> {
			if (!this.routes.containsKey(routeId)) {
				throw ApiModelException.notFound("Invalid Route identifier specified " + routeId);
			}
			if (http && !responses.isEmpty()) {
				throw ApiModelException.badRequest("Route responses are supported only for WebSocket APIs");
			}
			checkKeys(responses, RouteResponse::routeResponseId, "RouteResponse");
		});
		this.integrationResponses.forEach((integrationId, responses) -> {
			if (!this.integrations.containsKey(integrationId)) {
				throw ApiModelException.notFound("Invalid Integration identifier specified " + integrationId);
			}
			if (http && !responses.isEmpty()) {
				throw ApiModelException.badRequest("Integration responses are supported only for WebSocket APIs");
			}
			checkKeys(responses, IntegrationResponse::integrationResponseId, "IntegrationResponse");
		});
	}

	private void checkRoute(Route route, boolean http) {
		String integrationId = route.integrationId();
		if (integrationId != null && !this.integrations.containsKey(integrationId)) {
			throw ApiModelException.badRequest("Invalid target " + route.target() + ": integration " + integrationId
					+ " does not exist");
		}
		AuthorizationType type = route.authorizationType();
		if (http && route.apiKeyRequired()) {
			throw ApiModelException.badRequest("API keys are supported only for WebSocket APIs");
		}
		if (!http && type == AuthorizationType.JWT) {
			throw ApiModelException.badRequest("JWT authorization is supported only for HTTP APIs");
		}
		if (type == AuthorizationType.JWT || type == AuthorizationType.CUSTOM) {
			AuthorizerType expected = (type == AuthorizationType.JWT) ? AuthorizerType.JWT : AuthorizerType.REQUEST;
			Authorizer authorizer = (route.authorizerId() != null) ? this.authorizers.get(route.authorizerId()) : null;
			if (authorizer == null) {
				throw ApiModelException.badRequest("Invalid authorizer " + route.authorizerId() + " for route "
						+ route.routeKey() + ": authorization type " + type + " needs an existing authorizer");
			}
			if (authorizer.authorizerType() != expected) {
				throw ApiModelException.badRequest("Authorization type " + type + " of route " + route.routeKey()
						+ " needs a " + expected + " authorizer, not " + authorizer.authorizerType());
			}
		}
		else if (route.authorizerId() != null) {
			throw ApiModelException.badRequest("Route " + route.routeKey() + " names an authorizer but its"
					+ " authorization type is " + type);
		}
	}

	private static <V> void checkKeys(Map<String, V> map, java.util.function.Function<V, String> idOf, String kind) {
		map.forEach((key, value) -> {
			if (!key.equals(idOf.apply(value))) {
				throw ApiModelException.badRequest(kind + " key " + key + " does not match its id");
			}
		});
	}

	private static <V> Map<String, Map<String, V>> nested(@Nullable Map<String, Map<String, V>> map) {
		if (map == null) {
			return Map.of();
		}
		Map<String, Map<String, V>> copy = new LinkedHashMap<>();
		map.forEach((key, inner) -> {
			if (inner != null && !inner.isEmpty()) {
				copy.put(key, Immutables.map(inner));
			}
		});
		return Immutables.map(copy);
	}

	private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
		Map<String, V> changed = new LinkedHashMap<>(map);
		changed.put(key, value);
		return changed;
	}

	private static <V> Map<String, V> remove(Map<String, V> map, String key) {
		Map<String, V> changed = new LinkedHashMap<>(map);
		changed.remove(key);
		return changed;
	}

}
