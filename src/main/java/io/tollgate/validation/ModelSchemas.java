package io.tollgate.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.tollgate.model.Model;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An API's models as JSON Schema draft 4, the dialect API Gateway validates bodies with. A model may refer to
 * another with {@code $ref: https://apigateway.amazonaws.com/restapis/{apiId}/models/{name}}; those references
 * resolve to the deployment's own models and nothing is fetched from anywhere.
 */
final class ModelSchemas {

	/** The model that validates nothing. */
	static final String EMPTY_MODEL = "Empty";

	private final String apiId;

	private final Map<String, Model> byName;

	private final SchemaRegistry registry;

	ModelSchemas(String apiId, Map<String, Model> models) {
		this.apiId = apiId;
		Map<String, Model> byName = new HashMap<>();
		Map<String, String> documents = new HashMap<>();
		for (Model model : models.values()) {
			byName.put(model.name(), model);
			if (model.schema() != null) {
				documents.put(location(model.name()), model.schema());
			}
		}
		this.byName = Map.copyOf(byName);
		this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
				(builder) -> builder.schemas(documents)
					.schemaRegistryConfig(SchemaRegistryConfig.builder()
						.regularExpressionFactory(LinearRegularExpressions.INSTANCE)
						.build()));
	}

	/** The compiled schema of a model; {@code null} when it validates nothing (no such model, Empty, no schema). */
	@Nullable Schema schema(String modelName) {
		Model model = this.byName.get(modelName);
		if (model == null || EMPTY_MODEL.equals(modelName) || model.schema() == null || model.schema().isBlank()) {
			return null;
		}
		return this.registry.getSchema(SchemaLocation.of(location(modelName)));
	}

	private String location(String modelName) {
		return "https://apigateway.amazonaws.com/restapis/" + this.apiId + "/models/" + modelName;
	}

	static boolean isValid(Schema schema, JsonNode body) {
		List<Error> errors = schema.validate(body);
		return errors.isEmpty();
	}

}
