package io.tollgate.admin;

import java.util.Map;

import io.tollgate.test.BaseAdminTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.GetMethodResponseResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PutMethodResponseResponse;
import software.amazon.awssdk.services.apigateway.model.UpdateMethodResponseResponse;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MethodResponseHandlerTests extends BaseAdminTests {

	private String apiId;

	private String resourceId;

	@BeforeEach
	void createMethod() {
		this.apiId = this.apiGateway.createRestApi((r) -> r.name("method responses")).id();
		String rootId = this.apiGateway.getResources((r) -> r.restApiId(this.apiId)).items().get(0).id();
		this.resourceId = this.apiGateway
			.createResource((r) -> r.restApiId(this.apiId).parentId(rootId).pathPart("orders"))
			.id();
		this.apiGateway.putMethod(
				(r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET").authorizationType("NONE"));
	}

	private PutMethodResponseResponse put(String statusCode) {
		return this.apiGateway.putMethodResponse((r) -> r.restApiId(this.apiId)
			.resourceId(this.resourceId)
			.httpMethod("GET")
			.statusCode(statusCode)
			.responseParameters(Map.of("method.response.header.X-Total", false))
			.responseModels(Map.of("application/json", "Empty")));
	}

	private GetMethodResponseResponse get(String statusCode) {
		return this.apiGateway.getMethodResponse(
				(r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET").statusCode(statusCode));
	}

	@Test
	void putAndGetMethodResponseThroughTheAwsSdk() {
		PutMethodResponseResponse put = put("200");
		assertThat(put.sdkHttpResponse().statusCode()).isEqualTo(201);
		assertThat(put.statusCode()).isEqualTo("200");
		assertThat(put.responseParameters()).containsExactly(Map.entry("method.response.header.X-Total", false));
		assertThat(put.responseModels()).containsExactly(Map.entry("application/json", "Empty"));
		GetMethodResponseResponse fetched = get("200");
		assertThat(fetched.statusCode()).isEqualTo("200");
		assertThat(fetched.responseParameters()).containsKey("method.response.header.X-Total");
		assertThat(this.apiGateway
			.getMethod((r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET"))
			.methodResponses()).containsOnlyKeys("200");
	}

	@Test
	void methodResponseWithoutParametersOrModelsAnswersThemEmptyAsAws() {
		PutMethodResponseResponse put = this.apiGateway.putMethodResponse(
				(r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET").statusCode("204"));
		assertThat(put.hasResponseParameters()).isTrue();
		assertThat(put.responseParameters()).isEmpty();
		assertThat(put.hasResponseModels()).isTrue();
		assertThat(put.responseModels()).isEmpty();
	}

	@Test
	void operationOutsideTheEnumNamesTheMethodResponseInputAsOnAws() {
		put("200");
		assertThatThrownBy(() -> this.apiGateway.updateMethodResponse((r) -> r.restApiId(this.apiId)
			.resourceId(this.resourceId)
			.httpMethod("GET")
			.statusCode("200")
			.patchOperations((op) -> op.op("wrong_op").path("/responseModels/application~1json").value("Empty"))))
			.isInstanceOfSatisfying(ApiGatewayException.class, (ex) -> assertThat(ex.awsErrorDetails().errorMessage())
				.isEqualTo("1 validation error detected: Value 'wrong_op' at "
						+ "'updateMethodResponseInput.patchOperations.1.member.op' failed to satisfy constraint: "
						+ "Member must satisfy enum value set: [add, remove, move, test, replace, copy]"));
	}

	@Test
	void putMethodResponseTwiceIsAConflict() {
		put("200");
		assertThatThrownBy(() -> put("200")).isInstanceOf(ConflictException.class)
			.hasMessageContaining("Response already exists for this resource");
	}

	@Test
	void invalidStatusCodeIsBadRequest() {
		assertThatThrownBy(() -> put("99")).isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid status code specified");
		assertThatThrownBy(() -> put("600")).isInstanceOf(BadRequestException.class);
	}

	@Test
	void unknownMethodResponseIsNotFound() {
		assertThatThrownBy(() -> get("404")).isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Response status code specified");
	}

	@Test
	void putMethodResponseOnAnUnknownMethodIsNotFound() {
		assertThatThrownBy(() -> this.apiGateway.putMethodResponse(
				(r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("POST").statusCode("200")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Method identifier specified");
	}

	@Test
	void updateMethodResponsePatchesParametersAndModels() {
		put("200");
		UpdateMethodResponseResponse updated = this.apiGateway.updateMethodResponse((r) -> r.restApiId(this.apiId)
			.resourceId(this.resourceId)
			.httpMethod("GET")
			.statusCode("200")
			.patchOperations(
					(op) -> op.op(Op.ADD).path("/responseParameters/method.response.header.Location").value("true"),
					(op) -> op.op(Op.REMOVE).path("/responseParameters/method.response.header.X-Total"),
					(op) -> op.op(Op.REMOVE).path("/responseModels/application~1json")));
		assertThat(updated.statusCode()).isEqualTo("200");
		assertThat(updated.responseParameters())
			.containsExactly(Map.entry("method.response.header.Location", true));
		assertThat(updated.responseModels()).isEmpty();
		assertThat(get("200").responseParameters()).containsOnlyKeys("method.response.header.Location");
	}

	@Test
	void updateMethodResponseWithUnsupportedPathIsBadRequest() {
		put("200");
		assertThatThrownBy(() -> this.apiGateway.updateMethodResponse((r) -> r.restApiId(this.apiId)
			.resourceId(this.resourceId)
			.httpMethod("GET")
			.statusCode("200")
			.patchOperations((op) -> op.op(Op.REPLACE).path("/statusCode").value("201"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid patch path");
	}

	@Test
	void deleteMethodResponseAnswersNoContentAndTheResponseIsGone() {
		put("200");
		var deleted = this.apiGateway.deleteMethodResponse(
				(r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET").statusCode("200"));
		assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(204);
		assertThatThrownBy(() -> get("200")).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.apiGateway.deleteMethodResponse(
				(r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET").statusCode("200")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Response status code specified");
	}

}
