package io.tollgate.validation;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.tollgate.model.Model;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An API's models as JSON Schema draft 4, the dialect API Gateway validates bodies with (REST methods and WebSocket
 * routes alike). A model may refer to another with
 * {@code $ref: https://apigateway.amazonaws.com/restapis/{apiId}/models/{name}}; those references resolve to the
 * deployment's own models and nothing is fetched from anywhere.
 */
public final class ModelSchemas {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The model that validates nothing. */
	static final String EMPTY_MODEL = "Empty";

	private final String apiId;

	/** The schema documents by model name; models without a schema are left out. */
	private final Map<String, String> byName;

	private final SchemaRegistry registry;

	/** A REST API's models. */
	ModelSchemas(String apiId, Map<String, Model> models) {
		this(schemasByName(models.values(), Model::name, Model::schema), apiId);
	}

	private ModelSchemas(Map<String, String> schemasByName, String apiId) {
		this.apiId = apiId;
		this.byName = Map.copyOf(schemasByName);
		Map<String, String> documents = new HashMap<>();
		this.byName.forEach((name, schema) -> documents.put(location(name), schema));
		this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
				(builder) -> builder.schemas(documents)
					.schemaRegistryConfig(SchemaRegistryConfig.builder()
						.regularExpressionFactory(LinearRegularExpressions.INSTANCE)
						.build()));
	}

	/**
	 * The models of any API type.
	 * @param models the API's models
	 * @param name a model's name
	 * @param schema a model's schema document, {@code null} when it has none
	 */
	public static <M> ModelSchemas of(String apiId, Collection<M> models, Function<M, String> name,
			Function<M, @Nullable String> schema) {
		return new ModelSchemas(schemasByName(models, name, schema), apiId);
	}

	private static <M> Map<String, String> schemasByName(Collection<M> models, Function<M, String> name,
			Function<M, @Nullable String> schema) {
		Map<String, String> byName = new HashMap<>();
		for (M model : models) {
			String document = schema.apply(model);
			if (document != null && !document.isBlank()) {
				byName.put(name.apply(model), document);
			}
		}
		return byName;
	}

	/**
	 * The compiled schema of a model, its validators initialised; {@code null} when it validates nothing (no such
	 * model, Empty, no schema).
	 * @throws SchemaException when the model is not a valid JSON schema
	 */
	public @Nullable Schema schema(String modelName) {
		if (EMPTY_MODEL.equals(modelName) || !this.byName.containsKey(modelName)) {
			return null;
		}
		Schema schema = this.registry.getSchema(SchemaLocation.of(location(modelName)));
		// Compiled now, once, rather than by the first request validated against it.
		schema.initializeValidators();
		return schema;
	}

	private String location(String modelName) {
		return "https://apigateway.amazonaws.com/restapis/" + this.apiId + "/models/" + modelName;
	}

	static boolean isValid(Schema schema, JsonNode body) {
		List<Error> errors = schema.validate(body);
		return errors.isEmpty();
	}

	/**
	 * Whether a body is JSON that the schema accepts. An empty body is validated as {@code {}} (it fails a schema
	 * with required properties). CPU-heavy with a large body or an elaborate schema: call it off the event loop.
	 */
	public static boolean isValidBody(Schema schema, byte[] body) {
		JsonNode document;
		try {
			document = (body.length == 0) ? JSON.createObjectNode() : JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return false;
		}
		return document != null && isValid(schema, document);
	}

}
