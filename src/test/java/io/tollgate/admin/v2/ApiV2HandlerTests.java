package io.tollgate.admin.v2;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.tollgate.test.BaseV2AdminTests;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;
import software.amazon.awssdk.services.apigatewayv2.model.CreateApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetApisResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetIntegrationsResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetRoutesResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetStageResponse;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.apigatewayv2.model.UpdateApiResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The v2 API operations through the AWS SDK's {@code ApiGatewayV2Client}: CreateApi with AWS's defaults echoed,
 * quick create, GetApi(s) with paging, UpdateApi, DeleteApi, DeleteCorsConfiguration, and AWS's error shapes.
 */
class ApiV2HandlerTests extends BaseV2AdminTests {

	@Test
	void createHttpApiEchoesAwsDefaults() {
		Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		CreateApiResponse created = this.v2.createApi((r) -> r.name("pets")
			.protocolType(ProtocolType.HTTP)
			.description("Pets, over HTTP")
			.version("1.0")
			.tags(Map.of("team", "pets")));
		assertThat(created.apiId()).matches("[a-z0-9]{10}");
		assertThat(created.name()).isEqualTo("pets");
		assertThat(created.protocolType()).isEqualTo(ProtocolType.HTTP);
		assertThat(created.routeSelectionExpression()).isEqualTo("$request.method $request.path");
		assertThat(created.apiKeySelectionExpression()).isEqualTo("$request.header.x-api-key");
		assertThat(created.apiEndpoint()).isEqualTo("https://" + created.apiId() + ".execute-api.us-east-1.amazonaws.com");
		assertThat(created.disableExecuteApiEndpoint()).isFalse();
		assertThat(created.description()).isEqualTo("Pets, over HTTP");
		assertThat(created.version()).isEqualTo("1.0");
		assertThat(created.tags()).containsEntry("team", "pets");
		assertThat(created.createdDate()).isBetween(before, Instant.now().plusSeconds(1));
		assertThat(created.corsConfiguration()).isNull();
		assertThat(this.v2.getApi((r) -> r.apiId(created.apiId())).name()).isEqualTo("pets");
	}

	@Test
	void createWebSocketApiNeedsARouteSelectionExpression() {
		CreateApiResponse created = this.v2.createApi((r) -> r.name("chat")
			.protocolType(ProtocolType.WEBSOCKET)
			.routeSelectionExpression("$request.body.action"));
		assertThat(created.apiEndpoint()).startsWith("wss://" + created.apiId() + ".execute-api.");
		assertThat(created.routeSelectionExpression()).isEqualTo("$request.body.action");
		assertThatThrownBy(() -> this.v2.createApi((r) -> r.name("chat").protocolType(ProtocolType.WEBSOCKET)))
			.isInstanceOfSatisfying(BadRequestException.class,
					(ex) -> assertThat(ex.statusCode()).isEqualTo(400));
	}

	@Test
	void quickCreateMakesManagedIntegrationRouteAndAutoDeployedDefaultStage() {
		CreateApiResponse created = this.v2.createApi((r) -> r.name("quick")
			.protocolType(ProtocolType.HTTP)
			.target(LAMBDA_ARN)
			.routeKey("GET /hello"));
		String apiId = created.apiId();
		GetIntegrationsResponse integrations = this.v2.getIntegrations((r) -> r.apiId(apiId));
		assertThat(integrations.items()).singleElement().satisfies((integration) -> {
			assertThat(integration.integrationType()).isEqualTo(IntegrationType.AWS_PROXY);
			assertThat(integration.integrationUri()).isEqualTo(LAMBDA_ARN);
			assertThat(integration.payloadFormatVersion()).isEqualTo("2.0");
			assertThat(integration.integrationMethod()).isEqualTo("POST");
			assertThat(integration.timeoutInMillis()).isEqualTo(30000);
			assertThat(integration.connectionTypeAsString()).isEqualTo("INTERNET");
			assertThat(integration.apiGatewayManaged()).isTrue();
		});
		GetRoutesResponse routes = this.v2.getRoutes((r) -> r.apiId(apiId));
		assertThat(routes.items()).singleElement().satisfies((route) -> {
			assertThat(route.routeKey()).isEqualTo("GET /hello");
			assertThat(route.target()).isEqualTo("integrations/" + integrations.items().get(0).integrationId());
			assertThat(route.apiGatewayManaged()).isTrue();
			assertThat(route.authorizationTypeAsString()).isEqualTo("NONE");
			assertThat(route.apiKeyRequired()).isFalse();
		});
		GetStageResponse stage = this.v2.getStage((r) -> r.apiId(apiId).stageName("$default"));
		assertThat(stage.autoDeploy()).isTrue();
		assertThat(stage.apiGatewayManaged()).isTrue();
		assertThat(stage.deploymentId()).isNotNull();
		assertThat(this.v2.getDeployment((r) -> r.apiId(apiId).deploymentId(stage.deploymentId())).autoDeployed())
			.isTrue();
		String routeId = routes.items().get(0).routeId();
		assertThatThrownBy(() -> this.v2.deleteRoute((r) -> r.apiId(apiId).routeId(routeId)))
			.isInstanceOf(ConflictException.class);
	}

	@Test
	void quickCreateWithAUrlMakesAnHttpProxyOfEveryMethodOnTheDefaultRoute() {
		String apiId = this.v2.createApi((r) -> r.name("proxy")
			.protocolType(ProtocolType.HTTP)
			.target("https://backend.example.com")).apiId();
		assertThat(this.v2.getIntegrations((r) -> r.apiId(apiId)).items()).singleElement().satisfies((integration) -> {
			assertThat(integration.integrationType()).isEqualTo(IntegrationType.HTTP_PROXY);
			assertThat(integration.integrationMethod()).isEqualTo("ANY");
			assertThat(integration.payloadFormatVersion()).isEqualTo("1.0");
		});
		assertThat(this.v2.getRoutes((r) -> r.apiId(apiId)).items()).singleElement()
			.satisfies((route) -> assertThat(route.routeKey()).isEqualTo("$default"));
	}

	@Test
	void updateApiChangesOnlyTheFieldsGivenAndDeleteCorsConfigurationRemovesCors() {
		String apiId = this.v2.createApi((r) -> r.name("before").protocolType(ProtocolType.HTTP).description("d"))
			.apiId();
		UpdateApiResponse updated = this.v2.updateApi((r) -> r.apiId(apiId)
			.name("after")
			.corsConfiguration((c) -> c.allowOrigins("https://example.com").allowMethods("GET").maxAge(60)));
		assertThat(updated.name()).isEqualTo("after");
		assertThat(updated.description()).isEqualTo("d");
		assertThat(updated.corsConfiguration().allowOrigins()).containsExactly("https://example.com");
		assertThat(updated.corsConfiguration().maxAge()).isEqualTo(60);
		assertThatThrownBy(() -> this.v2.updateApi((r) -> r.apiId(apiId)
			.corsConfiguration((c) -> c.allowOrigins("*").allowCredentials(true))))
			.isInstanceOfSatisfying(BadRequestException.class, (ex) -> assertThat(ex.awsErrorDetails().errorMessage())
				.isEqualTo("allow-credentials is not supported if 'allow-origin' is *"));
		this.v2.deleteCorsConfiguration((r) -> r.apiId(apiId));
		assertThat(this.v2.getApi((r) -> r.apiId(apiId)).corsConfiguration()).isNull();
	}

	@Test
	void getApisPagesWithNextToken() {
		for (int i = 0; i < 3; i++) {
			int n = i;
			this.v2.createApi((r) -> r.name("page" + n).protocolType(ProtocolType.HTTP));
		}
		GetApisResponse first = this.v2.getApis((r) -> r.maxResults("2"));
		assertThat(first.items()).hasSize(2);
		assertThat(first.nextToken()).isNotNull();
		GetApisResponse second = this.v2.getApis((r) -> r.maxResults("2").nextToken(first.nextToken()));
		assertThat(second.items()).isNotEmpty();
		assertThat(second.items()).doesNotContainAnyElementsOf(first.items());
	}

	@Test
	void deleteApiThenGetIsNotFoundWithAwsMessage() {
		String apiId = this.v2.createApi((r) -> r.name("gone").protocolType(ProtocolType.HTTP)).apiId();
		this.v2.deleteApi((r) -> r.apiId(apiId));
		assertThatThrownBy(() -> this.v2.getApi((r) -> r.apiId(apiId)))
			.isInstanceOfSatisfying(NotFoundException.class, (ex) -> {
				assertThat(ex.statusCode()).isEqualTo(404);
				assertThat(ex.awsErrorDetails().errorMessage()).isEqualTo("Invalid API identifier specified " + apiId);
			});
		assertThatThrownBy(() -> this.v2.deleteApi((r) -> r.apiId(apiId))).isInstanceOf(NotFoundException.class);
	}

	@Test
	void restApisAreNotHttpApis() {
		String restApiId = this.apiGateway.createRestApi((r) -> r.name("rest")).id();
		assertThatThrownBy(() -> this.v2.getApi((r) -> r.apiId(restApiId))).isInstanceOf(NotFoundException.class);
		assertThat(this.v2.getApis((r) -> r.maxResults("500")).items())
			.noneMatch((api) -> api.apiId().equals(restApiId));
	}

	@Test
	void unknownProtocolIsABadRequest() {
		assertThatThrownBy(() -> this.v2.createApi((r) -> r.name("x").protocolType("GRPC")))
			.isInstanceOfSatisfying(BadRequestException.class, (ex) -> assertThat(ex.awsErrorDetails().errorMessage())
				.isEqualTo("Invalid protocol specified. Must be one of [HTTP, WEBSOCKET]"));
	}

	@Test
	void tagsOfApisAndStagesAreReadAddedAndRemovedByArn() {
		String apiId = this.v2.createApi((r) -> r.name("tagged").protocolType(ProtocolType.HTTP)
			.tags(Map.of("team", "pets"))).apiId();
		this.v2.createStage((r) -> r.apiId(apiId).stageName("dev"));
		String apiArn = "arn:aws:apigateway:us-east-1::/apis/" + apiId;
		this.v2.tagResource((r) -> r.resourceArn(apiArn).tags(Map.of("cost", "42")));
		assertThat(this.v2.getTags((r) -> r.resourceArn(apiArn)).tags()).containsOnly(Map.entry("team", "pets"),
				Map.entry("cost", "42"));
		this.v2.untagResource((r) -> r.resourceArn(apiArn).tagKeys("team"));
		assertThat(this.v2.getApi((r) -> r.apiId(apiId)).tags()).containsOnly(Map.entry("cost", "42"));
		String stageArn = apiArn + "/stages/dev";
		this.v2.tagResource((r) -> r.resourceArn(stageArn).tags(Map.of("env", "dev")));
		assertThat(this.v2.getStage((r) -> r.apiId(apiId).stageName("dev")).tags()).containsEntry("env", "dev");
		assertThatThrownBy(() -> this.v2.getTags((r) -> r.resourceArn("arn:aws:apigateway:us-east-1::/apis/nothing")))
			.isInstanceOf(NotFoundException.class);
	}

}
