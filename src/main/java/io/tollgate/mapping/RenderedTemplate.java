package io.tollgate.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The output of a mapping template and the response overrides it set through
 * {@code $context.responseOverride.status} and {@code $context.responseOverride.header.<name>}.
 *
 * @param output the rendered text
 * @param statusOverride the status the template asked for, or {@code null}
 * @param headerOverrides response headers the template asked for, in the order it set them
 */
public record RenderedTemplate(String output, @Nullable Integer statusOverride, Map<String, String> headerOverrides) {

	public RenderedTemplate {
		headerOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(headerOverrides));
	}

}
