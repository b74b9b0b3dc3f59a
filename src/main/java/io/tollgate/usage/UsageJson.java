package io.tollgate.usage;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of API keys and usage plans used by both stores (it holds key values: it is never served or
 * logged). Strict like {@code ModelJson}: an unknown field is an error, never silently dropped.
 */
final class UsageJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
		.build();

	private UsageJson() {
	}

	static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	static ApiKey readApiKey(String json) throws JacksonException {
		return MAPPER.readValue(json, ApiKey.class);
	}

	static UsagePlan readUsagePlan(String json) throws JacksonException {
		return MAPPER.readValue(json, UsagePlan.class);
	}

	static <T> T read(String json, Class<T> type) throws JacksonException {
		return MAPPER.readValue(json, type);
	}

}
