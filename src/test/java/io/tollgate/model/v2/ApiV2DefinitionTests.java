package io.tollgate.model.v2;

import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.IntegrationType;
import io.tollgate.store.ModelJson;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiV2DefinitionTests {

	private static final String LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:hello";

	private final ApiV2Definition http = ApiV2Definition.create(Api.of("httpapi", "http", ProtocolType.HTTP, null));

	private final ApiV2Definition websocket = ApiV2Definition
		.create(Api.of("wsapi", "ws", ProtocolType.WEBSOCKET, "$request.body.action"));

	private ApiV2Definition withLambdaRoute(ApiV2Definition api, String routeKey) {
		return api.withIntegration(Integration.lambdaProxy("int1", LAMBDA, "2.0"))
			.withRoute(Route.of("route1", routeKey, "int1"));
	}

	@Test
	void definitionSurvivesTheStoresJson() {
		ApiV2Definition api = withLambdaRoute(this.http, "GET /pets/{id}")
			.withAuthorizer(Authorizer.jwt("auth1", "jwt", "$request.header.Authorization", "https://issuer",
					List.of("a")))
			.withStage(Stage.of(Stage.DEFAULT, null, true))
			.withApi(this.http.api().withCorsConfiguration(new Cors(true, null, List.of("GET"),
					List.of("https://example.com"), null, 60)));
		String json = ModelJson.mapper().writeValueAsString(api);
		assertThat(ModelJson.mapper().readValue(json, ApiV2Definition.class)).isEqualTo(api);
	}

	@Nested
	class Apis {

		@Test
		void httpApiGetsAwsDefaults() {
			Api api = ApiV2DefinitionTests.this.http.api();
			assertThat(api.routeSelectionExpression()).isEqualTo("$request.method $request.path");
			assertThat(api.apiKeySelectionExpression()).isEqualTo("$request.header.x-api-key");
			assertThat(api.ipAddressType()).isEqualTo("ipv4");
			assertThat(api.createdDate()).isNotNull();
			assertThat(api.apiEndpoint("eu-west-1")).isEqualTo("https://httpapi.execute-api.eu-west-1.amazonaws.com");
			assertThat(ApiV2DefinitionTests.this.websocket.api().apiEndpoint("us-east-1"))
				.isEqualTo("wss://wsapi.execute-api.us-east-1.amazonaws.com");
		}

		@Test
		void webSocketApiNeedsARouteSelectionExpressionAndHasNoCors() {
			assertThatThrownBy(() -> Api.of("ws", "ws", ProtocolType.WEBSOCKET, null))
				.isInstanceOf(ApiModelException.BadRequest.class);
			Cors cors = new Cors(null, null, null, List.of("*"), null, null);
			assertThatThrownBy(() -> ApiV2DefinitionTests.this.websocket.api().withCorsConfiguration(cors))
				.isInstanceOf(ApiModelException.BadRequest.class);
		}

		@Test
		void httpApiAcceptsOnlyItsOwnRouteSelectionExpression() {
			assertThat(Api.of("a", "a", ProtocolType.HTTP, "${request.method} ${request.path}")
				.routeSelectionExpression()).isEqualTo("$request.method $request.path");
			assertThatThrownBy(() -> Api.of("a", "a", ProtocolType.HTTP, "$request.body.action"))
				.isInstanceOf(ApiModelException.BadRequest.class);
		}

		@Test
		void corsRefusesCredentialsWithAnyOrigin() {
			assertThatThrownBy(() -> new Cors(true, null, null, List.of("*"), null, null))
				.isInstanceOf(ApiModelException.BadRequest.class)
				.hasMessage("allow-credentials is not supported if 'allow-origin' is *");
			assertThatThrownBy(() -> new Cors(null, null, null, null, null, 86401))
				.isInstanceOf(ApiModelException.BadRequest.class);
		}

	}

	@Nested
	class Routes {

		@Test
		void routesWhoseKeysDifferOnlyInParameterNamesConflict() {
			ApiV2Definition api = withLambdaRoute(ApiV2DefinitionTests.this.http, "GET /pets/{id}");
			assertThatThrownBy(() -> api.withRoute(Route.of("route2", "GET /pets/{petId}", "int1")))
				.isInstanceOf(ApiModelException.Conflict.class);
			assertThat(api.withRoute(Route.of("route2", "POST /pets/{petId}", "int1")).configuration().routes())
				.hasSize(2);
		}

		@Test
		void targetMustNameAnExistingIntegration() {
			assertThatThrownBy(() -> ApiV2DefinitionTests.this.http.withRoute(Route.of("r", "GET /x", "nothing")))
				.isInstanceOf(ApiModelException.BadRequest.class);
		}

		@Test
		void routeKeysFollowTheProtocol() {
			assertThatThrownBy(() -> ApiV2DefinitionTests.this.http.withRoute(Route.of("r", "sendMessage", null)))
				.isInstanceOf(ApiModelException.BadRequest.class);
			assertThatThrownBy(() -> ApiV2DefinitionTests.this.websocket.withRoute(Route.of("r", "$other", null)))
				.isInstanceOf(ApiModelException.BadRequest.class);
			ApiV2Definition ws = ApiV2DefinitionTests.this.websocket.withRoute(Route.of("r1", "$connect", null))
				.withRoute(Route.of("r2", "sendMessage", null));
			assertThat(ws.configuration().routeByKey("sendMessage")).isPresent();
		}

		@Test
		void jwtAuthorizationNeedsAJwtAuthorizer() {
			ApiV2Definition api = withLambdaRoute(ApiV2DefinitionTests.this.http, "GET /pets");
			Route route = api.configuration().requireRoute("route1");
			Route jwt = new Route("route1", "GET /pets", route.target(), AuthorizationType.JWT, "auth1",
					List.of("read"), false, null, null, null, null, null, false);
			assertThatThrownBy(() -> api.withRoute(jwt)).isInstanceOf(ApiModelException.BadRequest.class);
			ApiV2Definition authorized = api
				.withAuthorizer(Authorizer.jwt("auth1", "cognito", "$request.header.Authorization",
						"https://issuer.example", List.of("client")))
				.withRoute(jwt);
			assertThat(authorized.configuration().authorizerOf(jwt)).isPresent();
			assertThatThrownBy(() -> authorized.withoutAuthorizer("auth1"))
				.isInstanceOf(ApiModelException.Conflict.class);
		}

		@Test
		void deletingARouteDeletesItsResponses() {
			ApiV2Definition ws = ApiV2DefinitionTests.this.websocket.withRoute(Route.of("r1", "sendMessage", null))
				.withRouteResponse("r1", new RouteResponse("rr1", "$default", null, null, null));
			assertThat(ws.configuration().routeResponsesOf("r1")).containsKey("rr1");
			assertThat(ws.withoutRoute("r1").configuration().routeResponses()).isEmpty();
		}

	}

	@Nested
	class Integrations {

		@Test
		void httpApisAcceptOnlyProxyIntegrations() {
			Integration mock = new Integration("int1", IntegrationType.MOCK, null, null, null, null, null, null, null,
					null, null, null, null, null, null, null, null, null, null, false);
			assertThatThrownBy(() -> ApiV2DefinitionTests.this.http.withIntegration(mock))
				.isInstanceOf(ApiModelException.BadRequest.class);
			assertThat(ApiV2DefinitionTests.this.websocket.withIntegration(mock).configuration().integrations())
				.hasSize(1);
		}

		@Test
		void defaultsDependOnTheProtocol() {
			Integration lambda = Integration.lambdaProxy("int1", LAMBDA, null);
			assertThatThrownBy(() -> ApiV2DefinitionTests.this.http.withIntegration(lambda))
				.isInstanceOf(ApiModelException.BadRequest.class)
				.hasMessageContaining("PayloadFormatVersion");
			Integration http = ApiV2DefinitionTests.this.http
				.withIntegration(Integration.lambdaProxy("int1", LAMBDA, "2.0"))
				.configuration()
				.integrations()
				.get("int1");
			assertThat(http.timeoutInMillis()).isEqualTo(30000);
			assertThat(http.connectionType()).isEqualTo("INTERNET");
			assertThat(http.integrationMethod()).isEqualTo("POST");
			Integration ws = ApiV2DefinitionTests.this.websocket.withIntegration(lambda)
				.configuration()
				.integrations()
				.get("int1");
			assertThat(ws.timeoutInMillis()).isEqualTo(29000);
			assertThat(ws.payloadFormatVersion()).isEqualTo("1.0");
			assertThat(ws.integrationResponseSelectionExpression()).isEqualTo("${integration.response.statuscode}");
		}

		@Test
		void timeoutsAndPayloadVersionsHaveTheProtocolsRanges() {
			Integration slow = new Integration("int1", IntegrationType.HTTP_PROXY, "http://backend", "ANY", "1.0",
					29500, null, null, null, null, null, null, null, null, null, null, null, null, null, false);
			assertThat(ApiV2DefinitionTests.this.http.withIntegration(slow).configuration().integrations())
				.hasSize(1);
			assertThatThrownBy(() -> ApiV2DefinitionTests.this.websocket.withIntegration(slow))
				.isInstanceOf(ApiModelException.BadRequest.class);
			assertThatThrownBy(() -> ApiV2DefinitionTests.this.http
				.withIntegration(Integration.httpProxy("int1", "http://backend", "GET").completed(ProtocolType.HTTP))
				.withIntegration(new Integration("int2", IntegrationType.HTTP_PROXY, "http://b", "GET", "2.0", null,
						null, null, null, null, null, null, null, null, null, null, null, null, null, false)))
				.isInstanceOf(ApiModelException.BadRequest.class);
		}

		@Test
		void integrationTargetedByARouteCannotBeDeleted() {
			ApiV2Definition api = withLambdaRoute(ApiV2DefinitionTests.this.http, "GET /pets");
			assertThatThrownBy(() -> api.withoutIntegration("int1")).isInstanceOf(ApiModelException.Conflict.class);
			assertThat(api.withoutRoute("route1").withoutIntegration("int1").configuration().integrations()).isEmpty();
		}

	}

	@Nested
	class StagesAndDeployments {

		@Test
		void stageServesTheDeployedSnapshotNotTheDraft() {
			ApiV2Definition deployed = withLambdaRoute(ApiV2DefinitionTests.this.http, "GET /pets")
				.withStage(Stage.of("dev", null, false))
				.withDeployment("dep1", "first", "dev");
			ApiV2Definition edited = deployed.withRoute(Route.of("route2", "POST /pets", "int1"));
			assertThat(edited.configuration().routes()).hasSize(2);
			assertThat(edited.deployedConfiguration("dev").orElseThrow().routes()).hasSize(1);
			assertThat(edited.version()).isGreaterThan(deployed.version());
			assertThat(edited.deployedConfiguration("prod")).isEmpty();
		}

		@Test
		void autoDeployStageServesEveryChangeAndKeepsNoStaleAutomaticDeployments() {
			ApiV2Definition api = ApiV2DefinitionTests.this.http.withStage(Stage.of(Stage.DEFAULT, null, true));
			assertThat(api.stage(Stage.DEFAULT).orElseThrow().deploymentId()).isNotNull();
			ApiV2Definition changed = withLambdaRoute(api, "GET /pets");
			assertThat(changed.deployedConfiguration(Stage.DEFAULT).orElseThrow()).isEqualTo(changed.configuration());
			Deployment automatic = changed.deployments().values().iterator().next();
			assertThat(automatic.autoDeployed()).isTrue();
			assertThat(automatic.description())
				.isEqualTo("Automatic deployment triggered by changes to the Api configuration");
			assertThat(automatic.deploymentStatus()).isEqualTo("DEPLOYED");
			assertThat(changed.deployments()).hasSize(1);
		}

		@Test
		void autoDeployStageCannotBeDeployedByHand() {
			ApiV2Definition api = ApiV2DefinitionTests.this.http.withStage(Stage.of(Stage.DEFAULT, null, true));
			assertThatThrownBy(() -> api.withDeployment("dep1", null, Stage.DEFAULT))
				.isInstanceOf(ApiModelException.BadRequest.class);
		}

		@Test
		void stageMustServeAnExistingDeploymentAndADeploymentInUseCannotBeDeleted() {
			assertThatThrownBy(() -> ApiV2DefinitionTests.this.http.withStage(Stage.of("dev", "nope", false)))
				.isInstanceOf(ApiModelException.class);
			ApiV2Definition deployed = ApiV2DefinitionTests.this.http.withStage(Stage.of("dev", null, false))
				.withDeployment("dep1", null, "dev");
			assertThatThrownBy(() -> deployed.withoutDeployment("dep1"))
				.isInstanceOf(ApiModelException.BadRequest.class)
				.hasMessage("Active stages pointing to this deployment must be moved or deleted");
			assertThat(deployed.withoutStage("dev").withoutDeployment("dep1").deployments()).isEmpty();
		}

		@Test
		void routeSettingsOverrideTheStageDefaults() {
			Stage stage = new Stage("dev", null, null, false, Map.of("color", "blue"),
					new RouteSettings(null, false, null, 10, 5.0),
					Map.of("GET /pets", new RouteSettings(null, null, null, null, 1.0)), null, null, null, false,
					null, null, null);
			assertThat(stage.settingsFor("GET /pets")).isEqualTo(new RouteSettings(null, false, null, 10, 1.0));
			assertThat(stage.settingsFor("POST /pets")).isEqualTo(new RouteSettings(null, false, null, 10, 5.0));
		}

	}

}
