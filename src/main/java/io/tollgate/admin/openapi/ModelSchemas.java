package io.tollgate.admin.openapi;

import java.util.ArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.Model;
import io.tollgate.model.ModelIds;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Schemas as models, both ways. A definition's schemas refer to each other locally
 * ({@code #/components/schemas/Pet}, {@code #/definitions/Pet}); API Gateway's models refer to each other by URL
 * ({@code https://apigateway.amazonaws.com/restapis/{id}/models/Pet}), and an export turns those back.
 */
final class ModelSchemas {

	static final String CONTENT_TYPE = "application/json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]+");

	private static final Pattern REFERENCE = Pattern
		.compile("^(?:#/components/schemas/|#/definitions/|https://apigateway\\.amazonaws\\.com/restapis/[^/]+/models/)"
				+ "([^/]+)$");

	private ModelSchemas() {
	}

	/** The model name a {@code $ref} names, or {@code null} when it names no model. */
	static @Nullable String modelName(@Nullable String ref) {
		if (ref == null) {
			return null;
		}
		Matcher matcher = REFERENCE.matcher(ref);
		return matcher.matches() ? matcher.group(1) : null;
	}

	/** The model name of a schema that is a reference to one, or {@code null} for an inline schema. */
	static @Nullable String referencedModel(JsonNode schema) {
		return modelName(OpenApiDocument.text(schema, "$ref"));
	}

	/**
	 * The model of a named schema.
	 * @throws ApiModelException.BadRequest when the name is not one API Gateway accepts
	 */
	static Model read(String apiId, String name, JsonNode schema) {
		if (!NAME.matcher(name).matches()) {
			throw ApiModelException.badRequest("Invalid model name specified: " + name
					+ ". Model names must be alphanumeric.");
		}
		JsonNode canonical = rewriteReferences(schema.deepCopy(),
				"https://apigateway.amazonaws.com/restapis/" + apiId + "/models/");
		return new Model(ModelIds.derived(apiId + ":model:" + name), name, OpenApiDocument.text(schema, "description"),
				JSON.writeValueAsString(canonical), CONTENT_TYPE);
	}

	/** A model's schema for a document whose schemas live under {@code localPrefix} ({@code #/definitions/}). */
	static JsonNode write(Model model, String localPrefix) {
		JsonNode schema;
		try {
			schema = (model.schema() != null) ? JSON.readTree(model.schema()) : null;
		}
		catch (JacksonException ex) {
			schema = null;
		}
		if (!(schema instanceof ObjectNode object)) {
			return JsonNodeFactory.instance.objectNode();
		}
		// OpenAPI's schema objects have no $schema.
		object.remove("$schema");
		return rewriteReferences(object, localPrefix);
	}

	private static JsonNode rewriteReferences(JsonNode node, String prefix) {
		if (node instanceof ObjectNode object) {
			for (String field : new ArrayList<>(object.propertyNames())) {
				JsonNode value = object.get(field);
				String name = (field.equals("$ref") && value.isString()) ? modelName(value.asString()) : null;
				if (name != null) {
					object.put(field, prefix + name);
				}
				else {
					rewriteReferences(value, prefix);
				}
			}
		}
		else if (node.isArray()) {
			node.values().forEach((value) -> rewriteReferences(value, prefix));
		}
		return node;
	}

}
