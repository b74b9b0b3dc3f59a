package io.tollgate.store;

import io.tollgate.model.ApiDefinition;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of {@link ApiDefinition} used by every store. Strict: an unknown field is an error, never silently
 * dropped, so that a definition written by a newer version is not half-read by an older one.
 */
public final class ModelJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		// An absent boolean means false, as in AWS's documents.
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		// Only record components are fields; derived accessors such as Resource.isGreedy() are not.
		.enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
		.build();

	private ModelJson() {
	}

	public static JsonMapper mapper() {
		return MAPPER;
	}

	public static String write(ApiDefinition definition) {
		return MAPPER.writeValueAsString(definition);
	}

	public static ApiDefinition read(String json) throws JacksonException {
		return MAPPER.readValue(json, ApiDefinition.class);
	}

}
