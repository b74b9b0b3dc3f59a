package io.tollgate.store;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.VersionedApi;
import io.tollgate.model.v2.ApiV2Definition;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of API definitions used by every store: {@link ApiDefinition} (REST APIs, with a top-level
 * {@code restApi}) and {@link ApiV2Definition} (HTTP and WebSocket APIs, with a top-level {@code configuration}). Strict: an unknown field is an error, never silently
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

	public static String write(VersionedApi definition) {
		return MAPPER.writeValueAsString(definition);
	}

	public static ApiDefinition read(String json) throws JacksonException {
		return MAPPER.readValue(json, ApiDefinition.class);
	}

	/** A stored definition of either type, told apart by its top-level field. */
	public static VersionedApi readAny(String json) throws JacksonException {
		JsonNode tree = MAPPER.readTree(json);
		Class<? extends VersionedApi> type = tree.has("configuration") ? ApiV2Definition.class : ApiDefinition.class;
		return MAPPER.treeToValue(tree, type);
	}

}
