package io.tollgate.mapping;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * {@code $context.requestOverride}: the headers, query string parameters and path parameters a request template
 * asks the integration request to carry instead of the mapped ones; later templates of the same request (the
 * response template) read them back.
 */
final class RequestOverride implements TemplateFacade {

	private final ResponseOverride.Headers header = new ResponseOverride.Headers("request header");

	private final ResponseOverride.Headers querystring = new ResponseOverride.Headers("request query string");

	private final ResponseOverride.Headers path = new ResponseOverride.Headers("request path");

	Map<String, String> headers() {
		return this.header.values();
	}

	Map<String, String> querystring() {
		return this.querystring.values();
	}

	Map<String, String> path() {
		return this.path.values();
	}

	@Override
	public @Nullable TemplateMethod method(String name, int arity) {
		if (arity != 0) {
			return null;
		}
		return switch (name) {
			case "getHeader" -> (target, args) -> ((RequestOverride) target).header;
			case "getQuerystring" -> (target, args) -> ((RequestOverride) target).querystring;
			case "getPath" -> (target, args) -> ((RequestOverride) target).path;
			default -> null;
		};
	}

	@Override
	public @Nullable Object property(String name) {
		return switch (name) {
			case "header" -> this.header;
			case "querystring" -> this.querystring;
			case "path" -> this.path;
			default -> null;
		};
	}

	@Override
	public String toString() {
		return "{header=" + this.header + ", querystring=" + this.querystring + ", path=" + this.path + "}";
	}

}
