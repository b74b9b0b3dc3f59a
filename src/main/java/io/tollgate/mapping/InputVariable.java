package io.tollgate.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.tollgate.mapping.TemplateValues.TemplateMap;

/**
 * {@code $input}: the request body, as text or through JSONPath, and the request parameters.
 */
final class InputVariable implements TemplateFacade {

	private final TemplateInput input;

	private @Nullable Object document;

	private boolean parsed;

	private @Nullable TemplateMap params;

	InputVariable(TemplateInput input) {
		this.input = input;
	}

	/** {@code $input.body}: the raw body; an empty one reads as {@code {}}, as on AWS. */
	String body() {
		return this.input.body().isEmpty() ? "{}" : this.input.body();
	}

	/**
	 * The body parsed as JSON, once per render; an empty body reads as {@code {}}, as on AWS.
	 */
	@Nullable Object document() {
		if (!this.parsed) {
			String body = this.input.body();
			this.document = body.isBlank() ? TemplateValues.map(Map.of()) : JsonValues.parseInput(body);
			this.parsed = true;
		}
		return this.document;
	}

	/** {@code $input.json(x)}: the JSON text of what the JSONPath expression selects. */
	String json(@Nullable Object path) {
		return JsonValues.write(path(path));
	}

	/**
	 * {@code $input.path(x)}: what the JSONPath expression selects, as an object the template can navigate; a list
	 * renders as JSON text.
	 */
	@Nullable Object path(@Nullable Object path) {
		String expression = TemplateValues.stringify(path);
		JsonValues.checkPath(expression);
		Object selected = JsonValues.read(document(), expression);
		// Indefinite paths (filters, wildcards) select a new list, not one of the document's.
		return (selected instanceof TemplateValues.TemplateList list && !list.rendersAsJson())
				? new TemplateValues.TemplateList(list, true, true) : selected;
	}

	/** {@code $input.params()}: all parameters by kind. */
	TemplateMap params() {
		if (this.params == null) {
			Map<String, Object> params = new LinkedHashMap<>();
			params.put("path", TemplateValues.map(this.input.path()));
			params.put("querystring", TemplateValues.map(this.input.querystring()));
			params.put("header", TemplateValues.map(this.input.header()));
			this.params = TemplateValues.map(params);
		}
		return this.params;
	}

	/**
	 * {@code $input.params(x)}: the parameter named {@code x} from the path, else the query string, else the headers
	 * (header names compared ignoring case); empty when there is none.
	 */
	String param(@Nullable Object name) {
		String key = TemplateValues.stringify(name);
		String value = this.input.path().get(key);
		if (value == null) {
			value = this.input.querystring().get(key);
		}
		if (value == null) {
			value = this.input.header().get(key);
		}
		if (value == null) {
			for (Map.Entry<String, String> header : this.input.header().entrySet()) {
				if (header.getKey().equalsIgnoreCase(key)) {
					value = header.getValue();
					break;
				}
			}
		}
		return (value != null) ? value : "";
	}

	@Override
	public @Nullable TemplateMethod method(String name, int arity) {
		return switch (name) {
			case "json" -> (arity == 1) ? (target, args) -> ((InputVariable) target).json(args[0]) : null;
			case "path" -> (arity == 1) ? (target, args) -> ((InputVariable) target).path(args[0]) : null;
			case "params" -> switch (arity) {
				case 0 -> (target, args) -> ((InputVariable) target).params();
				case 1 -> (target, args) -> ((InputVariable) target).param(args[0]);
				default -> null;
			};
			case "getBody" -> (arity == 0) ? (target, args) -> ((InputVariable) target).body() : null;
			default -> null;
		};
	}

	@Override
	public @Nullable Object property(String name) {
		return "body".equals(name) ? body() : null;
	}

	@Override
	public String toString() {
		return "$input";
	}

}
