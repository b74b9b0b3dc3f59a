package io.tollgate.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Method;
import io.tollgate.model.MethodResponse;
import io.tollgate.store.ModelJson;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestApis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateModelResponse;
import software.amazon.awssdk.services.apigateway.model.GetModelResponse;
import software.amazon.awssdk.services.apigateway.model.Model;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.UpdateModelResponse;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelHandlerTests extends BaseAdminTests {

	private static final String CALC_SCHEMA = "{\n\t\"title\": \"Calc output\",\n\t\"type\": \"object\",\n"
			+ "\t\"properties\": {\"a\": {\"type\": \"number\"}},\n\t\"required\": [\"a\"]\n}\n";

	private static final String SMALL_SCHEMA = "{\"title\": \"MySchema\", \"type\": \"object\"}";

	@Value("${tollgate.data-dir}")
	private String dataDir;

	private String apiId;

	@BeforeEach
	void createApi() {
		this.apiId = this.apiGateway.createRestApi((r) -> r.name("models")).id();
	}

	private String model(String name) {
		return this.apiGateway.createModel((r) -> r.restApiId(this.apiId)
			.name(name)
			.contentType("application/json")
			.schema(SMALL_SCHEMA)).id();
	}

	@Test
	void modelLifecycleThroughTheAwsSdk() {
		CreateModelResponse created = this.apiGateway.createModel((r) -> r.restApiId(this.apiId)
			.name("CalcOutput")
			.contentType("application/json")
			.description("Calc output model")
			.schema(CALC_SCHEMA));
		assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
		assertThat(created.id()).matches("[a-z0-9]{10}");
		assertThat(created.name()).isEqualTo("CalcOutput");
		assertThat(created.contentType()).isEqualTo("application/json");
		assertThat(created.description()).isEqualTo("Calc output model");
		assertThat(created.schema()).isEqualTo(CALC_SCHEMA);

		GetModelResponse fetched = this.apiGateway
			.getModel((r) -> r.restApiId(this.apiId).modelName("CalcOutput"));
		assertThat(fetched.id()).isEqualTo(created.id());
		assertThat(fetched.name()).isEqualTo("CalcOutput");
		assertThat(fetched.schema()).isEqualTo(CALC_SCHEMA);
		assertThat(fetched.description()).isEqualTo("Calc output model");
		assertThat(fetched.contentType()).isEqualTo("application/json");
		assertThat(this.apiGateway.getModels((r) -> r.restApiId(this.apiId)).items()).extracting(Model::name)
			.containsExactlyInAnyOrder("CalcOutput", "Empty", "Error");

		UpdateModelResponse updated = this.apiGateway.updateModel((r) -> r.restApiId(this.apiId)
			.modelName("CalcOutput")
			.patchOperations((op) -> op.op(Op.REPLACE).path("/schema").value(SMALL_SCHEMA),
					(op) -> op.op(Op.REPLACE).path("/description").value("")));
		assertThat(updated.id()).isEqualTo(created.id());
		assertThat(updated.schema()).isEqualTo(SMALL_SCHEMA);
		assertThat(updated.description()).isNull();

		int status = this.apiGateway.deleteModel((r) -> r.restApiId(this.apiId).modelName("CalcOutput"))
			.sdkHttpResponse()
			.statusCode();
		assertThat(status).isEqualTo(202);
		assertThatThrownBy(() -> this.apiGateway.getModel((r) -> r.restApiId(this.apiId).modelName("CalcOutput")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid model name specified: CalcOutput");
		assertThat(this.apiGateway.getModels((r) -> r.restApiId(this.apiId)).items()).extracting(Model::name)
			.containsExactlyInAnyOrder("Empty", "Error");
	}

	@Test
	void modelsAreCheckedAsAwsChecksThem() {
		model("MySchema");
		assertThatThrownBy(() -> model("MySchema")).isInstanceOf(ConflictException.class)
			.hasMessageContaining("Model name already exists for this REST API");
		assertThatThrownBy(() -> model("")).isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Model name must be non-empty");
		assertThatThrownBy(() -> model("my-schema")).isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Model name must be alphanumeric");
		assertThatThrownBy(() -> this.apiGateway.createModel(
				(r) -> r.restApiId(this.apiId).name("NoSchema").contentType("application/json")))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Model schema must have at least 1 property or array items defined");
		assertThatThrownBy(() -> this.apiGateway.createModel(
				(r) -> r.restApiId(this.apiId).name("Broken").contentType("application/json").schema("{\"type\": ")))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid model specified: Validation Result: warnings : [], errors : "
					+ "[Invalid model schema specified]");
		assertThatThrownBy(() -> this.apiGateway.createModel(
				(r) -> r.restApiId(this.apiId).name("NotAnObject").contentType("application/json").schema("[1]")))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid model schema specified");
		assertThatThrownBy(() -> this.apiGateway
			.createModel((r) -> r.restApiId(this.apiId).name("NoType").schema(SMALL_SCHEMA)))
			.isInstanceOf(ApiGatewayException.class)
			.satisfies((ex) -> GatewayResponseHandlerTests.assertValidationException((ApiGatewayException) ex,
					"'createModelInput.contentType'"));
		assertThat(this.apiGateway.getModels((r) -> r.restApiId(this.apiId)).items()).extracting(Model::name)
			.containsExactlyInAnyOrder("MySchema", "Empty", "Error");
	}

	@Test
	void invalidUpdatesAreRefusedAsAwsRefusesThem() {
		model("MySchema");
		assertThatThrownBy(() -> this.apiGateway.updateModel((r) -> r.restApiId(this.apiId)
			.modelName("MySchema")
			.patchOperations((op) -> op.op(Op.ADD).path("/wrong-path").value("x"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining(
					"Invalid patch path  '/wrong-path' specified for op 'add'. Please choose supported operations");
		assertThatThrownBy(() -> this.apiGateway.updateModel((r) -> r.restApiId(this.apiId)
			.modelName("MySchema")
			.patchOperations((op) -> op.op(Op.REPLACE).path("/name").value("invalid"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining(
					"Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]");
		assertThatThrownBy(() -> this.apiGateway.updateModel((r) -> r.restApiId(this.apiId)
			.modelName("MySchema")
			.patchOperations((op) -> op.op(Op.REPLACE).path("/schema").value(""))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Model schema must have at least 1 property or array items defined");
		assertThatThrownBy(() -> this.apiGateway.updateModel((r) -> r.restApiId(this.apiId)
			.modelName("mySchema")
			.patchOperations((op) -> op.op(Op.REPLACE).path("/description").value("x"))))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid model name specified: mySchema");
		assertThat(this.apiGateway.getModel((r) -> r.restApiId(this.apiId).modelName("MySchema")).schema())
			.isEqualTo(SMALL_SCHEMA);
	}

	@Test
	void deletingAModelInUseIsAConflict() {
		model("MySchema");
		model("MyResult");
		this.store.update(this.apiId, (api) -> TestApis.withMethod(api, "/", new Method("ANY",
				AuthorizationType.NONE, null, false, null, null, null, Map.of("application/json", "MySchema"), null,
				Map.of("200", new MethodResponse("200", null, Map.of("application/json", "MyResult"))),
				TestApis.mock("{}"))))
			.block();
		assertThatThrownBy(() -> this.apiGateway.deleteModel((r) -> r.restApiId(this.apiId).modelName("MySchema")))
			.isInstanceOf(ConflictException.class)
			.hasMessageContaining("Cannot delete model 'MySchema', is referenced in method request: //ANY");
		assertThatThrownBy(() -> this.apiGateway.deleteModel((r) -> r.restApiId(this.apiId).modelName("MyResult")))
			.isInstanceOf(ConflictException.class)
			.hasMessageContaining("Cannot delete model 'MyResult', is referenced in method response: //ANY/200");
		assertThatThrownBy(() -> this.apiGateway.deleteModel((r) -> r.restApiId(this.apiId).modelName("Nothing")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid model name specified: Nothing");
	}

	@Test
	void unknownApiIsNotFound() {
		assertThatThrownBy(() -> this.apiGateway.getModels((r) -> r.restApiId("nosuchapi0")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid API identifier specified");
		assertThatThrownBy(() -> this.apiGateway.createModel((r) -> r.restApiId("nosuchapi0")
			.name("MySchema")
			.contentType("application/json")
			.schema(SMALL_SCHEMA)))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid API identifier specified");
	}

	@Test
	void modelsPersistAndAreFrozenIntoDeployments() throws Exception {
		String id = model("Frozen");
		ApiDefinition stored = this.store.find(this.apiId).block();
		assertThat(stored.components().models().get(id).schema()).isEqualTo(SMALL_SCHEMA);
		assertThat(Models.named(stored.components(), "Frozen")).isPresent();
		ApiDefinition onDisk = ModelJson
			.read(Files.readString(Path.of(this.dataDir, "apis", this.apiId + ".json")));
		assertThat(onDisk.components()).isEqualTo(stored.components());

		this.store.update(this.apiId,
				(api) -> TestApis.withMethod(api, "/pets", TestApis.method("GET", TestApis.mock("{}")))
					.withDeployment("d1", null))
			.block();
		this.apiGateway.updateModel((r) -> r.restApiId(this.apiId)
			.modelName("Frozen")
			.patchOperations((op) -> op.op(Op.REPLACE).path("/schema").value(CALC_SCHEMA)));
		ApiDefinition after = this.store.find(this.apiId).block();
		assertThat(after.components().models().get(id).schema()).isEqualTo(CALC_SCHEMA);
		assertThat(after.deployments().get("d1").components().models().get(id).schema()).isEqualTo(SMALL_SCHEMA);
	}

	@Test
	void awsDefaultModelsAreValidModels() {
		Map<String, io.tollgate.model.Model> defaults = Models.defaults(this.apiId);
		assertThat(defaults.values()).extracting(io.tollgate.model.Model::name).containsExactly("Empty", "Error");
		assertThat(Models.defaults(this.apiId)).isEqualTo(defaults);
		this.store.update(this.apiId, (api) -> api.withComponents(new io.tollgate.model.ApiComponents(null, null,
				defaults, null)))
			.block();
		GetModelResponse empty = this.apiGateway.getModel((r) -> r.restApiId(this.apiId).modelName("Empty"));
		assertThat(empty.description()).isEqualTo("This is a default empty schema model");
		assertThat(empty.schema()).contains("\"title\" : \"Empty Schema\"");
		GetModelResponse error = this.apiGateway.getModel((r) -> r.restApiId(this.apiId).modelName("Error"));
		assertThat(error.contentType()).isEqualTo("application/json");
		assertThat(error.schema()).contains("\"message\" : { \"type\" : \"string\" }");
	}

}
