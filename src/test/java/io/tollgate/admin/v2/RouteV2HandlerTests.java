package io.tollgate.admin.v2;

import io.tollgate.test.BaseV2AdminTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;
import software.amazon.awssdk.services.apigatewayv2.model.CreateRouteResponse;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ParameterConstraints;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The v2 route operations through the AWS SDK's {@code ApiGatewayV2Client}: route keys checked per protocol, routes
 * differing only in parameter names refused, targets and authorizers checked, route responses of WebSocket routes.
 */
class RouteV2HandlerTests extends BaseV2AdminTests {

	private String apiId;

	private String integrationId;

	@BeforeEach
	void createApi() {
		this.apiId = this.v2.createApi((r) -> r.name("routes").protocolType(ProtocolType.HTTP)).apiId();
		this.integrationId = this.v2.createIntegration((r) -> r.apiId(this.apiId)
			.integrationType("AWS_PROXY")
			.integrationUri(LAMBDA_ARN)
			.payloadFormatVersion("2.0")).integrationId();
	}

	@Test
	void createGetUpdateDeleteRoute() {
		CreateRouteResponse created = this.v2.createRoute((r) -> r.apiId(this.apiId)
			.routeKey("GET /pets/{id}")
			.target("integrations/" + this.integrationId));
		assertThat(created.routeKey()).isEqualTo("GET /pets/{id}");
		assertThat(created.target()).isEqualTo("integrations/" + this.integrationId);
		assertThat(created.authorizationType()).isEqualTo(AuthorizationType.NONE);
		assertThat(created.apiKeyRequired()).isFalse();
		assertThat(created.apiGatewayManaged()).isNull();
		String routeId = created.routeId();
		assertThat(this.v2.getRoute((r) -> r.apiId(this.apiId).routeId(routeId)).routeKey()).isEqualTo("GET /pets/{id}");
		assertThat(this.v2.updateRoute((r) -> r.apiId(this.apiId).routeId(routeId).routeKey("PUT /pets/{id}"))
			.target()).isEqualTo("integrations/" + this.integrationId);
		assertThat(this.v2.getRoutes((r) -> r.apiId(this.apiId)).items()).singleElement()
			.satisfies((route) -> assertThat(route.routeKey()).isEqualTo("PUT /pets/{id}"));
		this.v2.deleteRoute((r) -> r.apiId(this.apiId).routeId(routeId));
		assertThatThrownBy(() -> this.v2.getRoute((r) -> r.apiId(this.apiId).routeId(routeId)))
			.isInstanceOfSatisfying(NotFoundException.class, (ex) -> assertThat(ex.awsErrorDetails().errorMessage())
				.isEqualTo("Invalid Route identifier specified " + routeId));
	}

	@Test
	void routesDifferingOnlyInParameterNamesConflict() {
		this.v2.createRoute((r) -> r.apiId(this.apiId).routeKey("GET /pets/{id}"));
		assertThatThrownBy(() -> this.v2.createRoute((r) -> r.apiId(this.apiId).routeKey("GET /pets/{petId}")))
			.isInstanceOfSatisfying(ConflictException.class, (ex) -> assertThat(ex.statusCode()).isEqualTo(409));
	}

	@Test
	void invalidRouteKeysAndMissingTargetsAreBadRequests() {
		assertThatThrownBy(() -> this.v2.createRoute((r) -> r.apiId(this.apiId).routeKey("FETCH /pets")))
			.isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> this.v2.createRoute((r) -> r.apiId(this.apiId)
			.routeKey("GET /{proxy+}/more"))).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> this.v2.createRoute((r) -> r.apiId(this.apiId)
			.routeKey("GET /pets")
			.target("integrations/nothing"))).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> this.v2.createRoute((r) -> r.apiId(this.apiId)
			.routeKey("GET /pets")
			.authorizationType(AuthorizationType.JWT)
			.authorizerId("nothing"))).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> this.v2.createRoute((r) -> r.apiId("nothing").routeKey("GET /pets")))
			.isInstanceOfSatisfying(NotFoundException.class, (ex) -> assertThat(ex.awsErrorDetails().errorMessage())
				.isEqualTo("Invalid API identifier specified nothing"));
	}

	@Test
	void jwtRouteWithScopesUsesAJwtAuthorizer() {
		String authorizerId = this.v2.createAuthorizer((r) -> r.apiId(this.apiId)
			.name("cognito")
			.authorizerType("JWT")
			.identitySource("$request.header.Authorization")
			.jwtConfiguration((j) -> j.issuer("https://issuer.example.com").audience("client"))).authorizerId();
		CreateRouteResponse route = this.v2.createRoute((r) -> r.apiId(this.apiId)
			.routeKey("GET /private")
			.authorizationType(AuthorizationType.JWT)
			.authorizerId(authorizerId)
			.authorizationScopes("read"));
		assertThat(route.authorizerId()).isEqualTo(authorizerId);
		assertThat(route.authorizationScopes()).containsExactly("read");
		assertThatThrownBy(() -> this.v2.deleteAuthorizer((r) -> r.apiId(this.apiId).authorizerId(authorizerId)))
			.isInstanceOf(ConflictException.class);
	}

	@Test
	void webSocketRoutesHaveRouteResponsesAndRequestParameters() {
		String wsId = this.v2.createApi((r) -> r.name("chat")
			.protocolType(ProtocolType.WEBSOCKET)
			.routeSelectionExpression("$request.body.action")).apiId();
		assertThatThrownBy(() -> this.v2.createRoute((r) -> r.apiId(wsId).routeKey("$other")))
			.isInstanceOf(BadRequestException.class);
		String connectId = this.v2.createRoute((r) -> r.apiId(wsId)
			.routeKey("$connect")
			.apiKeyRequired(true)
			.requestParameters(java.util.Map.of("route.request.header.Auth",
					ParameterConstraints.builder().required(true).build()))).routeId();
		assertThat(this.v2.getRoute((r) -> r.apiId(wsId).routeId(connectId)).requestParameters())
			.containsKey("route.request.header.Auth");
		this.v2.deleteRouteRequestParameter((r) -> r.apiId(wsId)
			.routeId(connectId)
			.requestParameterKey("route.request.header.Auth"));
		assertThat(this.v2.getRoute((r) -> r.apiId(wsId).routeId(connectId)).requestParameters()).isEmpty();
		String sendId = this.v2.createRoute((r) -> r.apiId(wsId)
			.routeKey("sendMessage")
			.routeResponseSelectionExpression("$default")).routeId();
		String responseId = this.v2.createRouteResponse((r) -> r.apiId(wsId)
			.routeId(sendId)
			.routeResponseKey("$default")).routeResponseId();
		assertThat(this.v2.getRouteResponses((r) -> r.apiId(wsId).routeId(sendId)).items()).singleElement()
			.satisfies((response) -> assertThat(response.routeResponseKey()).isEqualTo("$default"));
		this.v2.deleteRouteResponse((r) -> r.apiId(wsId).routeId(sendId).routeResponseId(responseId));
		assertThatThrownBy(() -> this.v2.getRouteResponse((r) -> r.apiId(wsId)
			.routeId(sendId)
			.routeResponseId(responseId))).isInstanceOf(NotFoundException.class);
	}

}
