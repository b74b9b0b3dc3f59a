package io.tollgate.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The method request as {@code $input} sees it: the raw body and the path, query string and header parameters.
 *
 * @param body the request body as text, empty when there is none
 * @param path path parameters by name
 * @param querystring query string parameters by name (the last value of a repeated name, as AWS)
 * @param header request headers by name, in the client's casing
 */
public record TemplateInput(String body, Map<String, String> path, Map<String, String> querystring,
		Map<String, String> header) {

	private static final TemplateInput EMPTY = new TemplateInput("", Map.of(), Map.of(), Map.of());

	public TemplateInput(@Nullable String body, @Nullable Map<String, String> path,
			@Nullable Map<String, String> querystring, @Nullable Map<String, String> header) {
		this.body = (body != null) ? body : "";
		this.path = copy(path);
		this.querystring = copy(querystring);
		this.header = copy(header);
	}

	/**
	 * No body and no parameters.
	 */
	public static TemplateInput empty() {
		return EMPTY;
	}

	private static Map<String, String> copy(@Nullable Map<String, String> map) {
		// Order matters to templates that iterate keySet(); Map.copyOf would shuffle it.
		return (map != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(map)) : Map.of();
	}

}
