package io.tollgate.validation;

import java.util.Map;

import com.networknt.schema.Schema;
import io.tollgate.model.Model;
import io.tollgate.test.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ModelSchemasTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void modelsReferToEachOtherByTheirApiGatewayUrl() {
		ModelSchemas schemas = new ModelSchemas("api1", Map.of(
				"a", new Model("a", "Order", null, "{\"type\":\"object\",\"required\":[\"item\"],\"properties\":"
						+ "{\"item\":{\"$ref\":\"https://apigateway.amazonaws.com/restapis/api1/models/Item\"}}}",
						"application/json"),
				"b", new Model("b", "Item", null, "{\"type\":\"object\",\"required\":[\"sku\"]}", "application/json")));
		Schema order = schemas.schema("Order");
		assertThat(ModelSchemas.isValid(order, JSON.readTree("{\"item\":{\"sku\":\"x\"}}"))).isTrue();
		assertThat(ModelSchemas.isValid(order, JSON.readTree("{\"item\":{}}"))).isFalse();
	}

	@Test
	void emptyAndUnknownModelsValidateNothing() {
		ModelSchemas schemas = new ModelSchemas("api1",
				Map.of("e", new Model("e", "Empty", null, "{\"type\":\"object\"}", "application/json")));
		assertThat(schemas.schema("Empty")).isNull();
		assertThat(schemas.schema("Unknown")).isNull();
	}

	@Test
	void referencesToOtherUrlsAreNeverFetched() {
		int before = backend.requestCount();
		ModelSchemas schemas = new ModelSchemas("api1", Map.of("a", new Model("a", "Remote", null,
				"{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"" + backend.url() + "/schema.json\"}}}",
				"application/json")));
		catchThrowable(() -> {
			Schema schema = schemas.schema("Remote");
			schema.initializeValidators();
			ModelSchemas.isValid(schema, JSON.readTree("{\"x\":1}"));
		});
		assertThat(backend.requestCount()).isEqualTo(before);
	}

}
