package io.tollgate.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one render of a mapping template can see.
 *
 * @param context {@code $context}: request context values by AWS name, nested maps for nested names (for example
 * {@code identity -> sourceIp}); {@code responseOverride} is supplied by the engine
 * @param stageVariables {@code $stageVariables}
 * @param input {@code $input}
 */
public record TemplateVariables(Map<String, Object> context, Map<String, String> stageVariables, TemplateInput input) {

	public TemplateVariables(@Nullable Map<String, Object> context, @Nullable Map<String, String> stageVariables,
			@Nullable TemplateInput input) {
		this.context = (context != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(context)) : Map.of();
		this.stageVariables = (stageVariables != null)
				? Collections.unmodifiableMap(new LinkedHashMap<>(stageVariables)) : Map.of();
		this.input = (input != null) ? input : TemplateInput.empty();
	}

}
