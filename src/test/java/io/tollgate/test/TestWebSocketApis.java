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
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;

/**
 * Fixtures: WebSocket APIs built with the v2 model (for the store), or created through the management API with
 * the AWS SDK's {@link ApiGatewayV2Client} ({@link #create}).
 */
public final class TestWebSocketApis {

	private TestWebSocketApis() {
	}

	/** Starts a WebSocket API routing by {@code $request.body.action}, created through the management API. */
	public static Created create(ApiGatewayV2Client v2, String name) {
		String apiId = v2.createApi((api) -> api.name(name)
			.protocolType(software.amazon.awssdk.services.apigatewayv2.model.ProtocolType.WEBSOCKET)
			.routeSelectionExpression("$request.body.action")).apiId();
		return new Created(v2, apiId);
	}

	/** An API being created through the management API. */
	public record Created(ApiGatewayV2Client v2, String apiId) {

		/** An {@code AWS_PROXY} integration of a {@link TestLambdaServer} function; its id. */
		public String lambdaProxy(String function) {
			return this.v2.createIntegration((integration) -> integration.apiId(this.apiId)
				.integrationType(software.amazon.awssdk.services.apigatewayv2.model.IntegrationType.AWS_PROXY)
				.integrationUri(TestLambdaServer.invocationUri(function))
				.timeoutInMillis(10_000)).integrationId();
		}

		/**
		 * A {@code MOCK} integration answering {@code statusCode}, with an integration response of {@code key}
		 * rendering {@code responseTemplate}; its id.
		 */
		public String mock(int statusCode, String key, String responseTemplate) {
			String integrationId = this.v2.createIntegration((integration) -> integration.apiId(this.apiId)
				.integrationType(software.amazon.awssdk.services.apigatewayv2.model.IntegrationType.MOCK)
				.requestTemplates(Map.of("$default", "{\"statusCode\": " + statusCode + "}"))
				.templateSelectionExpression("\\$default")).integrationId();
			this.v2.createIntegrationResponse((response) -> response.apiId(this.apiId)
				.integrationId(integrationId)
				.integrationResponseKey(key)
				.responseTemplates(Map.of("$default", responseTemplate)));
			return integrationId;
		}

		/** A route targeting the integration; two-way routes get a {@code $default} route response. */
		public Created route(String routeKey, String integrationId, boolean twoWay) {
			String routeId = this.v2.createRoute((route) -> route.apiId(this.apiId)
				.routeKey(routeKey)
				.target("integrations/" + integrationId)).routeId();
			if (twoWay) {
				this.v2.createRouteResponse((response) -> response.apiId(this.apiId)
					.routeId(routeId)
					.routeResponseKey("$default"));
			}
			return this;
		}

		/** Creates the stage and deploys to it; the API's id. */
		public String deploy(String stage) {
			return deploy(stage, Map.of());
		}

		/** Creates the stage with these {@code routeSettings} by route key and deploys to it; the API's id. */
		public String deploy(String stage,
				Map<String, software.amazon.awssdk.services.apigatewayv2.model.RouteSettings> routeSettings) {
			this.v2.createStage((created) -> created.apiId(this.apiId).stageName(stage).routeSettings(routeSettings));
			this.v2.createDeployment((deployment) -> deployment.apiId(this.apiId).stageName(stage));
			return this.apiId;
		}

		/** Route settings throttling to {@code burstLimit} requests at {@code rateLimit} per second. */
		public static software.amazon.awssdk.services.apigatewayv2.model.RouteSettings throttling(int burstLimit,
				double rateLimit) {
			return software.amazon.awssdk.services.apigatewayv2.model.RouteSettings.builder()
				.throttlingBurstLimit(burstLimit)
				.throttlingRateLimit(rateLimit)
				.build();
		}

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
