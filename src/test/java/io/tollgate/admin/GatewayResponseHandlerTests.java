package io.tollgate.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.tollgate.response.GatewayResponses;
import io.tollgate.model.ApiDefinition;
import io.tollgate.store.ModelJson;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestApis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.GatewayResponse;
import software.amazon.awssdk.services.apigateway.model.GatewayResponseType;
import software.amazon.awssdk.services.apigateway.model.GetGatewayResponseResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PutGatewayResponseResponse;
import software.amazon.awssdk.services.apigateway.model.UpdateGatewayResponseResponse;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayResponseHandlerTests extends BaseAdminTests {

	private static final String DEFAULT_TEMPLATE = "{\"message\":$context.error.messageString}";

	private static final String CUSTOM_TEMPLATE = "{\"message\": $context.error.messageString, "
			+ "\"type\": \"$context.error.responseType\"}";

	private static final Map<String, String> HEADERS = Map.of("gatewayresponse.header.Access-Control-Allow-Origin",
			"'a.b.c'", "gatewayresponse.header.x-request-header", "method.request.header.Accept");

	@Value("${tollgate.data-dir}")
	private String dataDir;

	private String apiId;

	@BeforeEach
	void createApi() {
		this.apiId = this.apiGateway.createRestApi((r) -> r.name("responses")).id();
	}

	@Test
	void gettingGatewayResponsesOfANewApiListsEveryTypeWithAwsDefaults() {
		List<GatewayResponse> items = this.apiGateway.getGatewayResponses((r) -> r.restApiId(this.apiId)).items();
		assertThat(items).hasSize(21);
		assertThat(items).extracting(GatewayResponse::responseType).doesNotContainNull();
		assertThat(items).allSatisfy((response) -> {
			assertThat(response.defaultResponse()).isTrue();
			assertThat(response.hasResponseParameters()).as("responseParameters: {}").isTrue();
			assertThat(response.responseParameters()).isEmpty();
			assertThat(response.responseTemplates()).containsExactly(Map.entry("application/json", DEFAULT_TEMPLATE));
		});
		Map<GatewayResponseType, String> statuses = new java.util.HashMap<>();
		items.forEach((response) -> statuses.put(response.responseType(), response.statusCode()));
		assertThat(statuses).containsEntry(GatewayResponseType.DEFAULT_4_XX, null)
			.containsEntry(GatewayResponseType.DEFAULT_5_XX, null)
			.containsEntry(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN, "403")
			.containsEntry(GatewayResponseType.UNAUTHORIZED, "401")
			.containsEntry(GatewayResponseType.INTEGRATION_FAILURE, "504")
			.containsEntry(GatewayResponseType.INTEGRATION_TIMEOUT, "504")
			.containsEntry(GatewayResponseType.REQUEST_TOO_LARGE, "413")
			.containsEntry(GatewayResponseType.UNSUPPORTED_MEDIA_TYPE, "415")
			.containsEntry(GatewayResponseType.QUOTA_EXCEEDED, "429")
			.containsEntry(GatewayResponseType.RESOURCE_NOT_FOUND, "404")
			.containsEntry(GatewayResponseType.BAD_REQUEST_BODY, "400");

		GetGatewayResponseResponse one = this.apiGateway.getGatewayResponse(
				(r) -> r.restApiId(this.apiId).responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN));
		assertThat(one.responseType()).isEqualTo(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN);
		assertThat(one.statusCode()).isEqualTo("403");
		assertThat(one.defaultResponse()).isTrue();
		assertThat(one.responseTemplates()).containsExactly(Map.entry("application/json", DEFAULT_TEMPLATE));
	}

	@Test
	void puttingAResponseCustomisesItAndOmittedValuesTakeTheDefaults() {
		PutGatewayResponseResponse all = this.apiGateway.putGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)
			.statusCode("404")
			.responseParameters(HEADERS)
			.responseTemplates(Map.of("application/json", CUSTOM_TEMPLATE)));
		assertThat(all.sdkHttpResponse().statusCode()).isEqualTo(201);
		assertThat(all.responseType()).isEqualTo(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN);
		assertThat(all.statusCode()).isEqualTo("404");
		assertThat(all.responseParameters()).isEqualTo(HEADERS);
		assertThat(all.responseTemplates()).containsExactly(Map.entry("application/json", CUSTOM_TEMPLATE));
		assertThat(all.defaultResponse()).isFalse();

		PutGatewayResponseResponse statusOnly = this.apiGateway.putGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)
			.statusCode("404"));
		assertThat(statusOnly.statusCode()).isEqualTo("404");
		assertThat(statusOnly.responseParameters()).isEmpty();
		assertThat(statusOnly.responseTemplates()).containsExactly(Map.entry("application/json", DEFAULT_TEMPLATE));
		assertThat(statusOnly.defaultResponse()).isFalse();

		PutGatewayResponseResponse parametersOnly = this.apiGateway.putGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)
			.responseParameters(Map.of("gatewayresponse.header.x-request-header", "method.request.header.Accept")));
		assertThat(parametersOnly.statusCode()).isEqualTo("403");
		assertThat(parametersOnly.responseTemplates())
			.containsExactly(Map.entry("application/json", DEFAULT_TEMPLATE));

		GetGatewayResponseResponse fetched = this.apiGateway.getGatewayResponse(
				(r) -> r.restApiId(this.apiId).responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN));
		assertThat(fetched.statusCode()).isEqualTo("403");
		assertThat(fetched.defaultResponse()).isFalse();
		assertThat(fetched.responseParameters())
			.containsExactly(Map.entry("gatewayresponse.header.x-request-header", "method.request.header.Accept"));
	}

	@Test
	void customisedDefault5xxIsInheritedByEveryUncustomised5xxType() {
		this.apiGateway.putGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.DEFAULT_5_XX)
			.statusCode("599")
			.responseParameters(Map.of("gatewayresponse.header.x-request-header", "method.request.header.Accept"))
			.responseTemplates(Map.of("application/json", CUSTOM_TEMPLATE)));
		PutGatewayResponseResponse own = this.apiGateway.putGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.AUTHORIZER_FAILURE)
			.responseParameters(Map.of("gatewayresponse.header.foo", "'bar'")));
		assertThat(own.statusCode()).isEqualTo("500");
		assertThat(own.responseTemplates()).containsExactly(Map.entry("application/json", DEFAULT_TEMPLATE));

		Map<GatewayResponseType, GatewayResponse> byType = new java.util.HashMap<>();
		this.apiGateway.getGatewayResponses((r) -> r.restApiId(this.apiId))
			.items()
			.forEach((response) -> byType.put(response.responseType(), response));
		for (GatewayResponseType type : List.of(GatewayResponseType.API_CONFIGURATION_ERROR,
				GatewayResponseType.AUTHORIZER_CONFIGURATION_ERROR, GatewayResponseType.INTEGRATION_FAILURE,
				GatewayResponseType.INTEGRATION_TIMEOUT)) {
			GatewayResponse inherited = byType.get(type);
			assertThat(inherited.statusCode()).as(type.toString()).isEqualTo("599");
			assertThat(inherited.defaultResponse()).as(type.toString()).isTrue();
			assertThat(inherited.responseParameters()).as(type.toString())
				.containsExactly(Map.entry("gatewayresponse.header.x-request-header", "method.request.header.Accept"));
			assertThat(inherited.responseTemplates()).as(type.toString())
				.containsExactly(Map.entry("application/json", CUSTOM_TEMPLATE));
		}
		assertThat(byType.get(GatewayResponseType.AUTHORIZER_FAILURE).statusCode()).isEqualTo("500");
		assertThat(byType.get(GatewayResponseType.AUTHORIZER_FAILURE).defaultResponse()).isFalse();
		assertThat(byType.get(GatewayResponseType.DEFAULT_5_XX).defaultResponse()).isFalse();
		assertThat(byType.get(GatewayResponseType.UNAUTHORIZED).statusCode()).isEqualTo("401");
		assertThat(byType.get(GatewayResponseType.UNAUTHORIZED).responseParameters()).isEmpty();
		assertThat(byType.get(GatewayResponseType.DEFAULT_4_XX).statusCode()).isNull();
	}

	@Test
	void updatingAResponseNeverCustomisedCustomisesIt() {
		UpdateGatewayResponseResponse fromDefault = this.apiGateway.updateGatewayResponse((r) -> r
			.restApiId(this.apiId)
			.responseType(GatewayResponseType.DEFAULT_4_XX)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/statusCode").value("444")));
		assertThat(fromDefault.statusCode()).isEqualTo("444");
		assertThat(fromDefault.defaultResponse()).isFalse();
		assertThat(fromDefault.responseParameters()).isEmpty();
		assertThat(fromDefault.responseTemplates()).containsExactly(Map.entry("application/json", DEFAULT_TEMPLATE));

		this.apiGateway.putGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.DEFAULT_4_XX)
			.statusCode("404")
			.responseParameters(HEADERS));
		UpdateGatewayResponseResponse updated = this.apiGateway.updateGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.DEFAULT_4_XX)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/statusCode").value("444"),
					(op) -> op.op(Op.REPLACE)
						.path("/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin")
						.value("'example.com'"),
					(op) -> op.op(Op.REMOVE).path("/responseParameters/gatewayresponse.header.x-request-header"),
					(op) -> op.op(Op.ADD).path("/responseTemplates/application~1xml").value("<m>$context.error.message</m>")));
		assertThat(updated.statusCode()).isEqualTo("444");
		assertThat(updated.responseParameters())
			.containsExactly(Map.entry("gatewayresponse.header.Access-Control-Allow-Origin", "'example.com'"));
		assertThat(updated.responseTemplates()).containsEntry("application/json", DEFAULT_TEMPLATE)
			.containsEntry("application/xml", "<m>$context.error.message</m>");

		GetGatewayResponseResponse inherited = this.apiGateway.getGatewayResponse(
				(r) -> r.restApiId(this.apiId).responseType(GatewayResponseType.THROTTLED));
		assertThat(inherited.statusCode()).isEqualTo("444");
		assertThat(inherited.defaultResponse()).isTrue();
		assertThat(inherited.responseTemplates()).containsKey("application/xml");
	}

	@Test
	void invalidUpdatesAreRefusedAsAwsRefusesThem() {
		assertThatThrownBy(() -> this.apiGateway.updateGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.DEFAULT_4_XX)
			.patchOperations((op) -> op.op(Op.ADD).path("/statusCode").value("444"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid patch path /statusCode");
		assertThatThrownBy(() -> this.apiGateway.updateGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.DEFAULT_5_XX)
			.patchOperations((op) -> op.op(Op.REPLACE)
				.path("/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin")
				.value("'example.com'"))))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid parameter name specified");
		assertThatThrownBy(() -> this.apiGateway.updateGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.DEFAULT_4_XX)
			.patchOperations((op) -> op.op(Op.ADD).path("/wrongPath").value("'example.com'"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid patch path /wrongPath");
		assertThatThrownBy(() -> this.apiGateway.updateGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.DEFAULT_4_XX)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/responseTemplates/application~1json"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid null or empty value in responseTemplates");
		assertThatThrownBy(() -> this.apiGateway.putGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.THROTTLED)
			.statusCode("99")))
			.isInstanceOf(ApiGatewayException.class)
			.satisfies((ex) -> assertValidationException((ApiGatewayException) ex, "at 'statusCode'"));
		assertThat(this.apiGateway
			.getGatewayResponse((r) -> r.restApiId(this.apiId).responseType(GatewayResponseType.DEFAULT_5_XX))
			.defaultResponse()).isTrue();
	}

	@Test
	void deletingAResponseRestoresTheDefault() {
		this.apiGateway.putGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)
			.statusCode("404"));
		int status = this.apiGateway
			.deleteGatewayResponse(
					(r) -> r.restApiId(this.apiId).responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN))
			.sdkHttpResponse()
			.statusCode();
		assertThat(status).isEqualTo(202);
		GetGatewayResponseResponse restored = this.apiGateway.getGatewayResponse(
				(r) -> r.restApiId(this.apiId).responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN));
		assertThat(restored.statusCode()).isEqualTo("403");
		assertThat(restored.defaultResponse()).isTrue();
		assertThatThrownBy(() -> this.apiGateway.deleteGatewayResponse(
				(r) -> r.restApiId(this.apiId).responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Gateway response type not defined on api");
	}

	@Test
	void unknownResponseTypeIsAValidationException() {
		assertThatThrownBy(() -> this.apiGateway
			.getGatewayResponse((r) -> r.restApiId(this.apiId).responseType("FAKE_RESPONSE_TYPE")))
			.isInstanceOf(ApiGatewayException.class)
			.satisfies((ex) -> assertValidationException((ApiGatewayException) ex,
					"Value 'FAKE_RESPONSE_TYPE' at 'responseType'"));
		assertThatThrownBy(() -> this.apiGateway.putGatewayResponse(
				(r) -> r.restApiId(this.apiId).responseType("FAKE_RESPONSE_TYPE").statusCode("404")))
			.isInstanceOf(ApiGatewayException.class)
			.satisfies((ex) -> assertValidationException((ApiGatewayException) ex, "FAKE_RESPONSE_TYPE"));
		assertThatThrownBy(() -> this.apiGateway.updateGatewayResponse(
				(r) -> r.restApiId(this.apiId).responseType("FAKE_RESPONSE_TYPE").patchOperations(List.of())))
			.isInstanceOf(ApiGatewayException.class)
			.satisfies((ex) -> assertValidationException((ApiGatewayException) ex, "FAKE_RESPONSE_TYPE"));
		assertThatThrownBy(() -> this.apiGateway
			.deleteGatewayResponse((r) -> r.restApiId(this.apiId).responseType("FAKE_RESPONSE_TYPE")))
			.isInstanceOf(ApiGatewayException.class)
			.satisfies((ex) -> assertValidationException((ApiGatewayException) ex, "FAKE_RESPONSE_TYPE"));
	}

	@Test
	void unknownApiIsNotFound() {
		assertThatThrownBy(() -> this.apiGateway.getGatewayResponses((r) -> r.restApiId("nosuchapi0")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid API identifier specified");
		assertThatThrownBy(() -> this.apiGateway.putGatewayResponse(
				(r) -> r.restApiId("nosuchapi0").responseType(GatewayResponseType.DEFAULT_4_XX)))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid API identifier specified");
		assertThatThrownBy(() -> this.apiGateway.deleteGatewayResponse(
				(r) -> r.restApiId("nosuchapi0").responseType(GatewayResponseType.DEFAULT_4_XX)))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid API identifier specified");
	}

	@Test
	void gatewayResponsesPersistAndAreFrozenIntoDeployments() throws Exception {
		this.apiGateway.putGatewayResponse((r) -> r.restApiId(this.apiId)
			.responseType(GatewayResponseType.DEFAULT_4_XX)
			.responseParameters(Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'*'")));
		ApiDefinition stored = this.store.find(this.apiId).block();
		assertThat(stored.components().gatewayResponses()).containsOnlyKeys("DEFAULT_4XX");
		ApiDefinition onDisk = ModelJson
			.read(Files.readString(Path.of(this.dataDir, "apis", this.apiId + ".json")));
		assertThat(onDisk.components()).isEqualTo(stored.components());

		ApiDefinition deployed = this.store.update(this.apiId,
				(api) -> TestApis.withMethod(api, "/pets", TestApis.method("GET", TestApis.mock("{}")))
					.withDeployment("d1", null))
			.block();
		this.apiGateway.deleteGatewayResponse(
				(r) -> r.restApiId(this.apiId).responseType(GatewayResponseType.DEFAULT_4_XX));
		ApiDefinition after = this.store.find(this.apiId).block();
		assertThat(after.components().gatewayResponses()).isEmpty();
		io.tollgate.model.ApiComponents frozen = after.deployments().get("d1").components();
		assertThat(frozen).isEqualTo(deployed.components());
		assertThat(GatewayResponses
			.effective(frozen, io.tollgate.pipeline.GatewayResponseType.UNAUTHORIZED)
			.headers()).containsExactly(Map.entry("Access-Control-Allow-Origin", "'*'"));
	}

	static void assertValidationException(ApiGatewayException ex, String messagePart) {
		assertThat(ex.statusCode()).isEqualTo(400);
		assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
		assertThat(ex.awsErrorDetails().errorMessage()).contains(messagePart);
	}

}
