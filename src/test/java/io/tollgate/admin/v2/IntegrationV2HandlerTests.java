package io.tollgate.admin.v2;

import java.util.Map;

import io.tollgate.test.BaseV2AdminTests;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;
import software.amazon.awssdk.services.apigatewayv2.model.CreateIntegrationResponse;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.PassthroughBehavior;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.apigatewayv2.model.UpdateIntegrationResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The v2 integration operations through the AWS SDK's {@code ApiGatewayV2Client}: defaults per protocol, the
 * integration types and payload versions each protocol accepts, parameter mappings merged on update, integration
 * responses of WebSocket integrations.
 */
class IntegrationV2HandlerTests extends BaseV2AdminTests {

	@Test
	void httpApiIntegrationEchoesDefaultsAndMergesParameterMappings() {
		String apiId = this.v2.createApi((r) -> r.name("int").protocolType(ProtocolType.HTTP)).apiId();
		CreateIntegrationResponse created = this.v2.createIntegration((r) -> r.apiId(apiId)
			.integrationType(IntegrationType.HTTP_PROXY)
			.integrationMethod("GET")
			.integrationUri("https://backend.example.com/pets/{id}")
			.payloadFormatVersion("1.0")
			.requestParameters(Map.of("append:header.x-a", "$request.header.a", "remove:querystring.q", "''"))
			.responseParameters(Map.of("500", Map.of("overwrite:statuscode", "403"))));
		assertThat(created.timeoutInMillis()).isEqualTo(30000);
		assertThat(created.connectionTypeAsString()).isEqualTo("INTERNET");
		assertThat(created.responseParameters()).containsKey("500");
		String integrationId = created.integrationId();
		UpdateIntegrationResponse updated = this.v2.updateIntegration((r) -> r.apiId(apiId)
			.integrationId(integrationId)
			.timeoutInMillis(5000)
			.requestParameters(Map.of("remove:querystring.q", "", "overwrite:path", "$request.path"))
			.responseParameters(Map.of("500", Map.of())));
		assertThat(updated.timeoutInMillis()).isEqualTo(5000);
		assertThat(updated.integrationUri()).isEqualTo("https://backend.example.com/pets/{id}");
		assertThat(updated.requestParameters()).containsOnlyKeys("append:header.x-a", "overwrite:path");
		assertThat(updated.responseParameters()).isEmpty();
		assertThat(this.v2.getIntegrations((r) -> r.apiId(apiId)).items()).singleElement()
			.satisfies((integration) -> assertThat(integration.timeoutInMillis()).isEqualTo(5000));
		this.v2.deleteIntegration((r) -> r.apiId(apiId).integrationId(integrationId));
		assertThatThrownBy(() -> this.v2.getIntegration((r) -> r.apiId(apiId).integrationId(integrationId)))
			.isInstanceOfSatisfying(NotFoundException.class, (ex) -> assertThat(ex.awsErrorDetails().errorMessage())
				.isEqualTo("Invalid Integration identifier specified " + integrationId));
	}

	@Test
	void httpApisRefuseNonProxyTypesBadPayloadVersionsAndLongTimeouts() {
		String apiId = this.v2.createApi((r) -> r.name("int").protocolType(ProtocolType.HTTP)).apiId();
		assertThatThrownBy(() -> this.v2.createIntegration((r) -> r.apiId(apiId).integrationType(IntegrationType.MOCK)))
			.isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> this.v2.createIntegration((r) -> r.apiId(apiId)
			.integrationType(IntegrationType.AWS_PROXY)
			.integrationUri(LAMBDA_ARN))).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> this.v2.createIntegration((r) -> r.apiId(apiId)
			.integrationType(IntegrationType.AWS_PROXY)
			.integrationUri(LAMBDA_ARN)
			.payloadFormatVersion("3.0"))).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> this.v2.createIntegration((r) -> r.apiId(apiId)
			.integrationType(IntegrationType.AWS_PROXY)
			.integrationUri(LAMBDA_ARN)
			.payloadFormatVersion("2.0")
			.timeoutInMillis(30001))).isInstanceOf(BadRequestException.class);
	}

	@Test
	void integrationTargetedByARouteCannotBeDeleted() {
		String apiId = this.v2.createApi((r) -> r.name("int").protocolType(ProtocolType.HTTP)).apiId();
		String integrationId = this.v2.createIntegration((r) -> r.apiId(apiId)
			.integrationType(IntegrationType.AWS_PROXY)
			.integrationUri(LAMBDA_ARN)
			.payloadFormatVersion("2.0")).integrationId();
		this.v2.createRoute((r) -> r.apiId(apiId).routeKey("$default").target("integrations/" + integrationId));
		assertThatThrownBy(() -> this.v2.deleteIntegration((r) -> r.apiId(apiId).integrationId(integrationId)))
			.isInstanceOf(ConflictException.class);
	}

	@Test
	void webSocketIntegrationsTakeEveryTypeWithTheirDefaultsAndResponses() {
		String apiId = this.v2.createApi((r) -> r.name("chat")
			.protocolType(ProtocolType.WEBSOCKET)
			.routeSelectionExpression("$request.body.action")).apiId();
		CreateIntegrationResponse mock = this.v2.createIntegration((r) -> r.apiId(apiId)
			.integrationType(IntegrationType.MOCK)
			.requestTemplates(Map.of("$default", "{\"statusCode\": 200}"))
			.templateSelectionExpression("\\$default"));
		assertThat(mock.timeoutInMillis()).isEqualTo(29000);
		assertThat(mock.payloadFormatVersion()).isEqualTo("1.0");
		assertThat(mock.passthroughBehavior()).isEqualTo(PassthroughBehavior.WHEN_NO_MATCH);
		assertThat(mock.integrationResponseSelectionExpression()).isEqualTo("${integration.response.statuscode}");
		assertThatThrownBy(() -> this.v2.createIntegration((r) -> r.apiId(apiId)
			.integrationType(IntegrationType.AWS_PROXY)
			.integrationUri(LAMBDA_ARN)
			.timeoutInMillis(29500))).isInstanceOf(BadRequestException.class);
		String responseId = this.v2.createIntegrationResponse((r) -> r.apiId(apiId)
			.integrationId(mock.integrationId())
			.integrationResponseKey("$default")
			.responseTemplates(Map.of("$default", "{\"ok\": true}"))).integrationResponseId();
		assertThat(this.v2.updateIntegrationResponse((r) -> r.apiId(apiId)
			.integrationId(mock.integrationId())
			.integrationResponseId(responseId)
			.integrationResponseKey("/2\\d\\d/")).responseTemplates()).containsKey("$default");
		assertThat(this.v2.getIntegrationResponses((r) -> r.apiId(apiId).integrationId(mock.integrationId()))
			.items()).singleElement()
			.satisfies((response) -> assertThat(response.integrationResponseKey()).isEqualTo("/2\\d\\d/"));
	}

}
