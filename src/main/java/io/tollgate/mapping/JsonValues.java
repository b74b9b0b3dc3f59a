package io.tollgate.mapping;

import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.AbstractJsonProvider;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

import io.tollgate.mapping.TemplateValues.TemplateEntry;
import io.tollgate.mapping.TemplateValues.TemplateList;
import io.tollgate.mapping.TemplateValues.TemplateMap;

/**
 * JSON for templates: parsing into template values (Jackson's streaming parser, depth-limited), writing template
 * values back as JSON within the render's budget, and JSONPath over parsed documents (Jayway JsonPath with a
 * provider that checks the render deadline on every node it visits).
 */
final class JsonValues {

	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(RenderBudget.MAX_DEPTH - 1).build())
		.build();

	private static final Configuration JSON_PATH = Configuration.builder()
		.jsonProvider(new TemplateJsonProvider())
		.options(Option.SUPPRESS_EXCEPTIONS)
		.build();

	private JsonValues() {
	}

	/**
	 * Parses JSON text into template values. {@code charge} is false only for the request body, which the gateway's
	 * payload limit already bounds and which is parsed once per render.
	 */
	static @Nullable Object parse(String json, boolean charge) {
		try (JsonParser parser = JSON.createParser(json)) {
			JsonToken token = parser.nextToken();
			if (token == null) {
				throw MappingTemplateException.invalidJson("empty JSON");
			}
			Object value = read(parser, token, charge);
			if (parser.nextToken() != null) {
				throw MappingTemplateException.invalidJson("JSON with trailing content");
			}
			return value;
		}
		catch (JacksonException ex) {
			throw MappingTemplateException.invalidJson("invalid JSON (line "
					+ ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")");
		}
	}

	private static @Nullable Object read(JsonParser parser, JsonToken token, boolean charge) {
		RenderBudget.current().tick();
		return switch (token) {
			case START_OBJECT -> {
				LinkedHashMap<Object, @Nullable Object> map = new LinkedHashMap<>();
				for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
					String name = parser.currentName();
					map.put(name, read(parser, parser.nextToken(), charge));
				}
				yield new TemplateMap(map, charge);
			}
			case START_ARRAY -> {
				List<@Nullable Object> list = new ArrayList<>();
				for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
					list.add(read(parser, next, charge));
				}
				yield new TemplateList(list, charge);
			}
			case VALUE_STRING -> {
				String string = parser.getString();
				if (charge) {
					RenderBudget.current().charge(string.length());
				}
				yield string;
			}
			case VALUE_NUMBER_INT -> parser.getNumberValue();
			// Doubles, not BigDecimal: "1e999999999" as a BigDecimal makes later arithmetic allocate a billion digits.
			case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			default -> throw new MappingTemplateException("Mapping template was given invalid JSON");
		};
	}

	/**
	 * Writes a value as JSON text, charging what it writes to the render's budget.
	 */
	static String write(@Nullable Object value) {
		RenderBudget budget = RenderBudget.current();
		StringBuilder json = new StringBuilder();
		write(json, value, budget, 0);
		return json.toString();
	}

	private static void write(StringBuilder json, @Nullable Object value, RenderBudget budget, int depth) {
		if (depth > RenderBudget.MAX_DEPTH) {
			throw new MappingTemplateException("Mapping template JSON is nested too deeply");
		}
		budget.tick();
		int start = json.length();
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			json.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					json.append(',');
				}
				first = false;
				string(json, String.valueOf(entry.getKey()));
				json.append(':');
				write(json, entry.getValue(), budget, depth + 1);
			}
			json.append('}');
		}
		else if (value instanceof Collection<?> collection) {
			json.append('[');
			boolean first = true;
			for (Object element : collection) {
				if (!first) {
					json.append(',');
				}
				first = false;
				write(json, element, budget, depth + 1);
			}
			json.append(']');
		}
		else if (value instanceof TemplateEntry entry) {
			json.append('{');
			string(json, String.valueOf(entry.getKey()));
			json.append(':');
			write(json, entry.getValue(), budget, depth + 1);
			json.append('}');
		}
		else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
				|| value instanceof BigInteger || value instanceof Short || value instanceof Byte) {
			json.append(value);
		}
		else if (value instanceof BigDecimal decimal) {
			json.append(decimal.toString());
		}
		else if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			if (Double.isFinite(number)) {
				json.append(value);
			}
			else {
				json.append("null");
			}
		}
		else {
			string(json, value.toString());
		}
		// Containers charge only their punctuation here; their elements charged themselves.
		budget.charge((value instanceof Map || value instanceof Collection || value instanceof TemplateEntry) ? 2
				: json.length() - start);
	}

	private static void string(StringBuilder json, String string) {
		json.append('"');
		for (int i = 0; i < string.length(); i++) {
			char c = string.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	/**
	 * Refuses JSONPath features the sandbox cannot bound.
	 */
	static void checkPath(String path) {
		if (path.contains("=~")) {
			// Jayway matches =~ filters with java.util.regex on plain strings, beyond the reach of the deadline.
			throw new MappingTemplateException("Mapping template JSONPath regular expression filters are not supported");
		}
	}

	/**
	 * Evaluates a JSONPath expression against a parsed document; {@code null} when nothing matches a definite path.
	 */
	static @Nullable Object read(@Nullable Object document, String path) {
		checkPath(path);
		Object result;
		try {
			result = JsonPath.using(JSON_PATH).parse(document).read(path);
		}
		catch (MappingTemplateException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new MappingTemplateException("Mapping template has an invalid JSONPath expression", ex);
		}
		// Indefinite paths (filters, wildcards, deep scans) come back as plain lists.
		return TemplateValues.adopt(result);
	}

	/**
	 * Jayway's view of template values; every structural access checks the render deadline, which bounds deep
	 * scans and nested filters over large bodies.
	 */
	private static final class TemplateJsonProvider extends AbstractJsonProvider {

		@Override
		public @Nullable Object parse(String json) {
			return JsonValues.parse(json, true);
		}

		@Override
		public Object parse(InputStream json, String charset) {
			throw new UnsupportedOperationException("Only parsed documents are read");
		}

		@Override
		public String toJson(Object value) {
			return JsonValues.write(value);
		}

		@Override
		public Object createArray() {
			return new ArrayList<>();
		}

		@Override
		public Object createMap() {
			return new LinkedHashMap<>();
		}

		@Override
		public Object getArrayIndex(Object array, int index) {
			RenderBudget.current().tick();
			return super.getArrayIndex(array, index);
		}

		@Override
		public Object getMapValue(Object map, String key) {
			RenderBudget.current().tick();
			return super.getMapValue(map, key);
		}

		@Override
		public Collection<String> getPropertyKeys(Object object) {
			RenderBudget.current().tick();
			return super.getPropertyKeys(object);
		}

		@Override
		public Iterable<?> toIterable(Object object) {
			RenderBudget.current().tick();
			Iterable<?> iterable = super.toIterable(object);
			return () -> new java.util.Iterator<Object>() {

				private final java.util.Iterator<?> delegate = iterable.iterator();

				@Override
				public boolean hasNext() {
					return this.delegate.hasNext();
				}

				@Override
				public Object next() {
					RenderBudget.current().tick();
					return this.delegate.next();
				}

			};
		}

		@Override
		public int length(Object object) {
			RenderBudget.current().tick();
			return super.length(object);
		}

	}

}
