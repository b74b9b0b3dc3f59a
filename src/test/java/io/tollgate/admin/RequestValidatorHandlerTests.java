package io.tollgate.admin;

import java.nio.file.Files;
import java.nio.file.Path;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Method;
import io.tollgate.store.ModelJson;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestApis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateRequestValidatorResponse;
import software.amazon.awssdk.services.apigateway.model.GetRequestValidatorResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.RequestValidator;
import software.amazon.awssdk.services.apigateway.model.UpdateRequestValidatorResponse;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestValidatorHandlerTests extends BaseAdminTests {

	@Value("${tollgate.data-dir}")
	private String dataDir;

	private String apiId;

	@BeforeEach
	void createApi() {
		this.apiId = this.apiGateway.createRestApi((r) -> r.name("validators")).id();
	}

	@Test
	void requestValidatorLifecycleThroughTheAwsSdk() {
		CreateRequestValidatorResponse created = this.apiGateway
			.createRequestValidator((r) -> r.restApiId(this.apiId).name("plain"));
		assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
		assertThat(created.id()).matches("[a-z0-9]{10}");
		assertThat(created.name()).isEqualTo("plain");
		assertThat(created.validateRequestBody()).isFalse();
		assertThat(created.validateRequestParameters()).isFalse();

		CreateRequestValidatorResponse both = this.apiGateway.createRequestValidator((r) -> r.restApiId(this.apiId)
			.name("both")
			.validateRequestBody(true)
			.validateRequestParameters(true));
		assertThat(both.validateRequestBody()).isTrue();
		assertThat(both.validateRequestParameters()).isTrue();

		GetRequestValidatorResponse fetched = this.apiGateway
			.getRequestValidator((r) -> r.restApiId(this.apiId).requestValidatorId(both.id()));
		assertThat(fetched.id()).isEqualTo(both.id());
		assertThat(fetched.name()).isEqualTo("both");
		assertThat(fetched.validateRequestBody()).isTrue();
		assertThat(fetched.validateRequestParameters()).isTrue();
		assertThat(this.apiGateway.getRequestValidators((r) -> r.restApiId(this.apiId)).items())
			.extracting(RequestValidator::id, RequestValidator::name)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(created.id(), "plain"),
					org.assertj.core.groups.Tuple.tuple(both.id(), "both"));

		UpdateRequestValidatorResponse updated = this.apiGateway.updateRequestValidator((r) -> r.restApiId(this.apiId)
			.requestValidatorId(created.id())
			.patchOperations((op) -> op.op(Op.REPLACE).path("/validateRequestBody").value("true"),
					(op) -> op.op(Op.REPLACE).path("/name").value("bodies")));
		assertThat(updated.name()).isEqualTo("bodies");
		assertThat(updated.validateRequestBody()).isTrue();
		assertThat(updated.validateRequestParameters()).isFalse();
		UpdateRequestValidatorResponse withoutValue = this.apiGateway
			.updateRequestValidator((r) -> r.restApiId(this.apiId)
				.requestValidatorId(created.id())
				.patchOperations((op) -> op.op(Op.REPLACE).path("/validateRequestBody")));
		assertThat(withoutValue.validateRequestBody()).isFalse();

		int status = this.apiGateway
			.deleteRequestValidator((r) -> r.restApiId(this.apiId).requestValidatorId(created.id()))
			.sdkHttpResponse()
			.statusCode();
		assertThat(status).isEqualTo(202);
		assertThatThrownBy(() -> this.apiGateway
			.getRequestValidator((r) -> r.restApiId(this.apiId).requestValidatorId(created.id())))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Request Validator identifier specified");
		assertThat(this.apiGateway.getRequestValidators((r) -> r.restApiId(this.apiId)).items())
			.extracting(RequestValidator::id)
			.containsExactly(both.id());
	}

	@Test
	void invalidUpdatesAreRefusedAsAwsRefusesThem() {
		String id = this.apiGateway.createRequestValidator((r) -> r.restApiId(this.apiId).name("v")).id();
		assertThatThrownBy(() -> this.apiGateway.updateRequestValidator((r) -> r.restApiId(this.apiId)
			.requestValidatorId(id)
			.patchOperations((op) -> op.op(Op.ADD).path("/validateRequestBody").value("true"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining(
					"Invalid patch path  '/validateRequestBody' specified for op 'add'. Please choose supported "
							+ "operations");
		assertThatThrownBy(() -> this.apiGateway.updateRequestValidator((r) -> r.restApiId(this.apiId)
			.requestValidatorId(id)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/invalidPath").value("true"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid patch path  '/invalidPath' specified for op 'replace'. Must be one of: "
					+ "[/name, /validateRequestParameters, /validateRequestBody]");
		assertThatThrownBy(() -> this.apiGateway.updateRequestValidator((r) -> r.restApiId(this.apiId)
			.requestValidatorId(id)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/name").value(""))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Request Validator name cannot be blank");
		assertThatThrownBy(() -> this.apiGateway.createRequestValidator((r) -> r.restApiId(this.apiId)))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Request Validator name cannot be blank");
	}

	@Test
	void unknownValidatorOrApiIsNotFound() {
		assertThatThrownBy(() -> this.apiGateway
			.getRequestValidator((r) -> r.restApiId(this.apiId).requestValidatorId("validator0")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Request Validator identifier specified");
		assertThatThrownBy(() -> this.apiGateway
			.deleteRequestValidator((r) -> r.restApiId(this.apiId).requestValidatorId("validator0")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Request Validator identifier specified");
		assertThatThrownBy(() -> this.apiGateway.getRequestValidators((r) -> r.restApiId("nosuchapi0")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid API identifier specified");
	}

	@Test
	void creatingAValidatorOnAnUnknownApiIsABadRequestAsOnAws() {
		assertThatThrownBy(() -> this.apiGateway
			.createRequestValidator((r) -> r.restApiId("nosuchapi0").name("body").validateRequestBody(true)))
			.isInstanceOf(BadRequestException.class)
			.hasMessageStartingWith("Invalid REST API identifier specified");
	}

	@Test
	void deletingARequestValidatorInUseIsAConflict() {
		String id = this.apiGateway.createRequestValidator((r) -> r.restApiId(this.apiId).name("strict")).id();
		this.store.update(this.apiId, (api) -> TestApis.withMethod(api, "/orders", new Method("POST",
				AuthorizationType.NONE, null, false, null, id, null, null, null, null, TestApis.mock("{}"))))
			.block();
		assertThatThrownBy(
				() -> this.apiGateway.deleteRequestValidator((r) -> r.restApiId(this.apiId).requestValidatorId(id)))
			.isInstanceOf(ConflictException.class)
			.hasMessageContaining("Cannot delete request validator 'strict', is referenced in method: POST//orders");
	}

	@Test
	void requestValidatorsPersistAndAreFrozenIntoDeployments() throws Exception {
		String id = this.apiGateway
			.createRequestValidator((r) -> r.restApiId(this.apiId).name("frozen").validateRequestBody(true))
			.id();
		ApiDefinition stored = this.store.find(this.apiId).block();
		assertThat(stored.components().requestValidators().get(id).validateRequestBody()).isTrue();
		ApiDefinition onDisk = ModelJson
			.read(Files.readString(Path.of(this.dataDir, "apis", this.apiId + ".json")));
		assertThat(onDisk.components()).isEqualTo(stored.components());

		this.store.update(this.apiId,
				(api) -> TestApis.withMethod(api, "/pets", TestApis.method("GET", TestApis.mock("{}")))
					.withDeployment("d1", null))
			.block();
		this.apiGateway.deleteRequestValidator((r) -> r.restApiId(this.apiId).requestValidatorId(id));
		ApiDefinition after = this.store.find(this.apiId).block();
		assertThat(after.components().requestValidators()).isEmpty();
		assertThat(after.deployments().get("d1").components().requestValidators().get(id).name())
			.isEqualTo("frozen");
	}

}
