package io.tollgate.admin;

import io.tollgate.test.BaseAdminTests;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.ApiKeySourceType;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.CreateRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.GetRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.UpdateRestApiResponse;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestApiHandlerTests extends BaseAdminTests {

	@Test
	void createGetListUpdateDeleteThroughTheAwsSdk() {
		CreateRestApiResponse created = this.apiGateway.createRestApi((r) -> r.name("Orders").description("first"));
		assertThat(created.id()).matches("[a-z0-9]{10}");
		assertThat(created.name()).isEqualTo("Orders");
		assertThat(created.apiKeySource()).isEqualTo(ApiKeySourceType.HEADER);
		assertThat(created.createdDate()).isNotNull();

		assertThat(this.apiGateway.getModels((r) -> r.restApiId(created.id())).items()).extracting("name")
			.containsExactlyInAnyOrder("Empty", "Error");
		GetRestApiResponse fetched = this.apiGateway.getRestApi((r) -> r.restApiId(created.id()));
		assertThat(fetched.description()).isEqualTo("first");
		assertThat(this.apiGateway.getRestApis((r) -> { }).items()).extracting("id").contains(created.id());

		UpdateRestApiResponse updated = this.apiGateway.updateRestApi((r) -> r.restApiId(created.id())
			.patchOperations((op) -> op.op(Op.REPLACE).path("/description").value("second"),
					(op) -> op.op(Op.REPLACE).path("/apiKeySource").value("AUTHORIZER")));
		assertThat(updated.description()).isEqualTo("second");
		assertThat(updated.apiKeySource()).isEqualTo(ApiKeySourceType.AUTHORIZER);

		this.apiGateway.deleteRestApi((r) -> r.restApiId(created.id()));
		assertThatThrownBy(() -> this.apiGateway.getRestApi((r) -> r.restApiId(created.id())))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid API identifier specified");
	}

	@Test
	void badInputIsABadRequestException() {
		assertThatThrownBy(() -> this.apiGateway.createRestApi((r) -> r.description("no name")))
			.isInstanceOf(BadRequestException.class)
			.satisfies((ex) -> assertThat(((BadRequestException) ex).statusCode()).isEqualTo(400));
		String id = this.apiGateway.createRestApi((r) -> r.name("x")).id();
		assertThatThrownBy(() -> this.apiGateway.updateRestApi((r) -> r.restApiId(id)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/nonsense").value("1"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid patch path");
	}

	@Test
	void resourcePolicyThatIsNoPolicyDocumentIsABadRequestException() {
		assertThatThrownBy(() -> this.apiGateway.createRestApi((r) -> r.name("p").policy("not json")))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid policy document");
		String id = this.apiGateway.createRestApi((r) -> r.name("p")).id();
		assertThatThrownBy(() -> this.apiGateway.updateRestApi((r) -> r.restApiId(id)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/policy").value("{\"Statement\": 7"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid policy document");
		String policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", "
				+ "\"Action\": \"execute-api:Invoke\", \"Resource\": \"execute-api:/*\"}]}";
		assertThat(this.apiGateway.updateRestApi((r) -> r.restApiId(id)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/policy").value(policy))).policy()).isNotNull();
	}

}
