package io.tollgate.test;

import java.util.Map;

import io.tollgate.model.IntegrationType;
import io.tollgate.model.v2.Api;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.Integration;
import io.tollgate.model.v2.IntegrationResponse;
import io.tollgate.model.v2.ProtocolType;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.RouteResponse;
import io.tollgate.model.v2.Stage;

/** Fixtures: WebSocket APIs built with the v2 model, for tests. */
public final class TestWebSocketApis {

	private TestWebSocketApis() {
	}

	/** A WebSocket API routing by {@code $request.body.action}, without routes. */
	public static ApiV2Definition api(String id) {
		return ApiV2Definition.create(Api.of(id, id + " API", ProtocolType.WEBSOCKET, "$request.body.action"));
	}

	/** An {@code AWS_PROXY} integration of a {@link TestLambdaServer} function. */
	public static Integration lambdaProxy(String function) {
		return new Integration(function + "-proxy", IntegrationType.AWS_PROXY, TestLambdaServer.invocationUri(function),
				"POST", null, 10_000, null, null, null, null, null, null, null, null, null, null, null, null, null,
				false);
	}

	/** A {@code MOCK} integration answering {@code statusCode} with {@code responseTemplate} (its $default response). */
	public static Integration mock(String id, int statusCode) {
		return new Integration(id, IntegrationType.MOCK, null, null, null, null, null, null, null, null, null, null,
				Map.of("$default", "{\"statusCode\": " + statusCode + "}"), "\\$default", null, null, null, null, null,
				false);
	}

	/** An integration response with a {@code $default} response template. */
	public static IntegrationResponse response(String key, String template) {
		return new IntegrationResponse(key.replaceAll("[^A-Za-z0-9]", "x") + "r", key, null,
				Map.of("$default", template), null, null);
	}

	/**
	 * Adds a route targeting {@code integration} (added too, unless already there); two-way routes get a
	 * {@code $default} route response.
	 */
	public static ApiV2Definition withRoute(ApiV2Definition api, String routeKey, Integration integration,
			boolean twoWay) {
		ApiV2Definition result = api.configuration().integrations().containsKey(integration.integrationId()) ? api
				: api.withIntegration(integration);
		String routeId = "r" + Integer.toHexString(routeKey.hashCode() & 0xfffffff);
		result = result.withRoute(Route.of(routeId, routeKey, integration.integrationId()));
		if (twoWay) {
			result = result.withRouteResponse(routeId, new RouteResponse(routeId + "rr", "$default", null, null, null));
		}
		return result;
	}

	/** Deploys the current configuration to {@code stage} (created when missing). */
	public static ApiV2Definition deploy(ApiV2Definition api, String deploymentId, String stage) {
		ApiV2Definition staged = api.stages().containsKey(stage) ? api : api.withStage(Stage.of(stage, null, false));
		return staged.withDeployment(deploymentId, null, stage);
	}

}
