package io.tollgate.admin.v2;

import java.util.Map;

import io.tollgate.test.BaseV2AdminTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;
import software.amazon.awssdk.services.apigatewayv2.model.CreateDeploymentResponse;
import software.amazon.awssdk.services.apigatewayv2.model.CreateStageResponse;
import software.amazon.awssdk.services.apigatewayv2.model.DeploymentStatus;
import software.amazon.awssdk.services.apigatewayv2.model.GetStageResponse;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.apigatewayv2.model.RouteSettings;
import software.amazon.awssdk.services.apigatewayv2.model.UpdateStageResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The v2 stage and deployment operations through the AWS SDK's {@code ApiGatewayV2Client}: stages with AWS's
 * shape, route settings, manual deployments, and autoDeploy deploying every change.
 */
class StageV2HandlerTests extends BaseV2AdminTests {

	private String apiId;

	private String integrationId;

	@BeforeEach
	void createApi() {
		this.apiId = this.v2.createApi((r) -> r.name("stages").protocolType(ProtocolType.HTTP)).apiId();
		this.integrationId = this.v2.createIntegration((r) -> r.apiId(this.apiId)
			.integrationType(IntegrationType.AWS_PROXY)
			.integrationUri(LAMBDA_ARN)
			.payloadFormatVersion("2.0")).integrationId();
		this.v2.createRoute((r) -> r.apiId(this.apiId).routeKey("GET /pets").target("integrations/" + this.integrationId));
	}

	@Test
	void stageHasAwsShapeAndRouteSettingsAreMergedAndDeleted() {
		CreateStageResponse created = this.v2.createStage((r) -> r.apiId(this.apiId)
			.stageName("dev")
			.stageVariables(Map.of("backend", "pets.example.com"))
			.defaultRouteSettings((s) -> s.throttlingBurstLimit(10).throttlingRateLimit(5.0))
			.accessLogSettings((a) -> a.format("$context.requestId").destinationArn("arn:aws:logs:x")));
		assertThat(created.stageName()).isEqualTo("dev");
		assertThat(created.deploymentId()).isNull();
		assertThat(created.createdDate()).isNotNull();
		assertThat(created.lastUpdatedDate()).isNotNull();
		assertThat(created.stageVariables()).containsEntry("backend", "pets.example.com");
		assertThat(created.defaultRouteSettings().throttlingBurstLimit()).isEqualTo(10);
		assertThat(created.routeSettings()).isEmpty();
		assertThat(created.tags()).isEmpty();
		UpdateStageResponse updated = this.v2.updateStage((r) -> r.apiId(this.apiId)
			.stageName("dev")
			.routeSettings(Map.of("GET /pets", RouteSettings.builder().throttlingRateLimit(2000.0).build())));
		this.v2.updateStage((r) -> r.apiId(this.apiId)
			.stageName("dev")
			.routeSettings(Map.of("POST /pets", RouteSettings.builder().throttlingBurstLimit(1).build())));
		assertThat(updated.routeSettings().get("GET /pets").throttlingRateLimit()).isEqualTo(2000.0);
		assertThat(updated.stageVariables()).containsEntry("backend", "pets.example.com");
		assertThat(this.v2.getStage((r) -> r.apiId(this.apiId).stageName("dev")).routeSettings())
			.containsOnlyKeys("GET /pets", "POST /pets");
		this.v2.deleteRouteSettings((r) -> r.apiId(this.apiId).stageName("dev").routeKey("GET /pets"));
		this.v2.deleteAccessLogSettings((r) -> r.apiId(this.apiId).stageName("dev"));
		this.v2.resetAuthorizersCache((r) -> r.apiId(this.apiId).stageName("dev"));
		GetStageResponse stage = this.v2.getStage((r) -> r.apiId(this.apiId).stageName("dev"));
		assertThat(stage.routeSettings()).containsOnlyKeys("POST /pets");
		assertThat(stage.accessLogSettings()).isNull();
		assertThatThrownBy(() -> this.v2.createStage((r) -> r.apiId(this.apiId).stageName("dev")))
			.isInstanceOf(ConflictException.class);
		this.v2.deleteStage((r) -> r.apiId(this.apiId).stageName("dev"));
		assertThatThrownBy(() -> this.v2.getStage((r) -> r.apiId(this.apiId).stageName("dev")))
			.isInstanceOf(NotFoundException.class);
	}

	@Test
	void createDeploymentWithAStageNamePointsTheStageAtIt() {
		this.v2.createStage((r) -> r.apiId(this.apiId).stageName("prod"));
		CreateDeploymentResponse deployment = this.v2.createDeployment((r) -> r.apiId(this.apiId)
			.stageName("prod")
			.description("first"));
		assertThat(deployment.autoDeployed()).isFalse();
		assertThat(deployment.deploymentStatus()).isEqualTo(DeploymentStatus.DEPLOYED);
		assertThat(deployment.description()).isEqualTo("first");
		assertThat(deployment.createdDate()).isNotNull();
		assertThat(this.v2.getStage((r) -> r.apiId(this.apiId).stageName("prod")).deploymentId())
			.isEqualTo(deployment.deploymentId());
		assertThat(this.v2.updateDeployment((r) -> r.apiId(this.apiId)
			.deploymentId(deployment.deploymentId())
			.description("renamed")).description()).isEqualTo("renamed");
		assertThat(this.v2.getDeployments((r) -> r.apiId(this.apiId)).items()).singleElement()
			.satisfies((d) -> assertThat(d.deploymentId()).isEqualTo(deployment.deploymentId()));
		assertThatThrownBy(() -> this.v2.deleteDeployment((r) -> r.apiId(this.apiId)
			.deploymentId(deployment.deploymentId()))).isInstanceOf(BadRequestException.class);
	}

	@Test
	void autoDeployStageGetsADeploymentForEveryChange() {
		CreateStageResponse stage = this.v2.createStage((r) -> r.apiId(this.apiId)
			.stageName("$default")
			.autoDeploy(true));
		assertThat(stage.autoDeploy()).isTrue();
		String first = stage.deploymentId();
		assertThat(first).isNotNull();
		this.v2.createRoute((r) -> r.apiId(this.apiId).routeKey("POST /pets").target("integrations/" + this.integrationId));
		String second = this.v2.getStage((r) -> r.apiId(this.apiId).stageName("$default")).deploymentId();
		assertThat(second).isNotEqualTo(first);
		assertThat(this.v2.getDeployment((r) -> r.apiId(this.apiId).deploymentId(second))).satisfies((deployment) -> {
			assertThat(deployment.autoDeployed()).isTrue();
			assertThat(deployment.description())
				.isEqualTo("Automatic deployment triggered by changes to the Api configuration");
		});
		assertThatThrownBy(() -> this.v2.createDeployment((r) -> r.apiId(this.apiId).stageName("$default")))
			.isInstanceOf(BadRequestException.class);
	}

}
