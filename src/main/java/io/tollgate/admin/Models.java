package io.tollgate.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.tollgate.response.GatewayResponses;
import io.tollgate.model.ApiComponents;
import io.tollgate.model.Model;
import io.tollgate.model.ModelIds;

/**
 * Models by name, as methods and paths name them, and the two models AWS gives every new REST API: {@code Empty}
 * and {@code Error}, with AWS's descriptions and schema text.
 */
public final class Models {

	public static final String EMPTY = "Empty";

	public static final String ERROR = "Error";

	static final String EMPTY_SCHEMA = "{\n  \"$schema\": \"http://json-schema.org/draft-04/schema#\",\n"
			+ "  \"title\" : \"Empty Schema\",\n  \"type\" : \"object\"\n}";

	static final String ERROR_SCHEMA = "{\n  \"$schema\" : \"http://json-schema.org/draft-04/schema#\",\n"
			+ "  \"title\" : \"Error Schema\",\n  \"type\" : \"object\",\n  \"properties\" : {\n"
			+ "    \"message\" : { \"type\" : \"string\" }\n  }\n}";

	private Models() {
	}

	/** The model with this name (names are unique in an API and case-sensitive). */
	public static Optional<Model> named(ApiComponents components, String name) {
		return components.models().values().stream().filter((model) -> model.name().equals(name)).findFirst();
	}

	/**
	 * {@code Empty} and {@code Error} as CreateRestApi adds them, by id; the ids derive from the API's id so that a
	 * definition file applied twice yields the same ones.
	 */
	public static Map<String, Model> defaults(String apiId) {
		Model empty = new Model(ModelIds.derived(apiId + ":model:" + EMPTY), EMPTY,
				"This is a default empty schema model", EMPTY_SCHEMA, GatewayResponses.DEFAULT_CONTENT_TYPE);
		Model error = new Model(ModelIds.derived(apiId + ":model:" + ERROR), ERROR,
				"This is a default error schema model", ERROR_SCHEMA, GatewayResponses.DEFAULT_CONTENT_TYPE);
		Map<String, Model> defaults = new LinkedHashMap<>();
		defaults.put(empty.id(), empty);
		defaults.put(error.id(), error);
		return defaults;
	}

}
