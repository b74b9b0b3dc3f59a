package io.tollgate.admin.openapi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.converter.SwaggerConverter;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A definition submitted for import, in OpenAPI 3.0 form: an OpenAPI 3.0 document as written, a Swagger 2.0 one as
 * swagger-parser converts it. swagger-parser also checks the document; what it reports becomes the import's
 * "Parse issue" warnings, as in API Gateway, and a document it cannot read at all is an error.
 */
final class OpenApiDocument {

	/** API Gateway's limit on a definition file. */
	static final int MAX_BYTES = 6 * 1024 * 1024;

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final ObjectMapper YAML = YAMLMapper.builder().build();

	private static final Pattern SCHEME_AND_HOST = Pattern.compile("^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^/]*");

	private static final Pattern SERVER_VARIABLE = Pattern.compile("\\{([^}]+)}");

	private final JsonNode root;

	private final boolean swagger;

	private final ImportProblems problems;

	private OpenApiDocument(JsonNode root, boolean swagger, ImportProblems problems) {
		this.root = root;
		this.swagger = swagger;
		this.problems = problems;
	}

	/**
	 * Reads a definition, JSON or YAML.
	 * @throws io.tollgate.model.ApiModelException.BadRequest ("Errors found during import") when the content is
	 * not an OpenAPI 3.0 or Swagger 2.0 definition
	 */
	static OpenApiDocument read(String content) {
		JsonNode raw = parseTree(content);
		ImportProblems problems = new ImportProblems();
		String openapi = raw.path("openapi").asString("");
		String swagger = raw.path("swagger").asString("");
		ParseOptions options = new ParseOptions();
		options.setResolve(false);
		// swagger-parser gets the document as JSON: no second YAML parse, and none of SnakeYAML's size limits.
		String json = JSON.writeValueAsString(raw);
		if (openapi.startsWith("3.0")) {
			report(new OpenAPIV3Parser().readContents(json, null, options), problems);
			return new OpenApiDocument(raw, false, problems);
		}
		if (swagger.equals("2.0")) {
			SwaggerParseResult result = new SwaggerConverter().readContents(json, null, options);
			report(result, problems);
			// Swagger 2 is read in its OpenAPI 3 form: one shape for the rest of the import.
			return new OpenApiDocument(converted(result), true, problems);
		}
		if (!openapi.isEmpty()) {
			throw ImportProblems.invalid("Unsupported OpenAPI version " + openapi
					+ ": only OpenAPI 3.0 and Swagger 2.0 definitions can be imported");
		}
		throw ImportProblems.invalid("Invalid definition: neither an OpenAPI 3.0 ('openapi: 3.0.x') nor a "
				+ "Swagger 2.0 ('swagger: \"2.0\"') document");
	}

	private static JsonNode converted(SwaggerParseResult result) {
		try {
			// swagger-parser's model is Jackson 2; the import reads Jackson 3 trees.
			return JSON.readTree(Json.mapper().writeValueAsString(result.getOpenAPI()));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("swagger-parser cannot write the OpenAPI model it read", ex);
		}
	}

	private static JsonNode parseTree(String content) {
		String trimmed = content.strip();
		if (trimmed.startsWith("\uFEFF")) {
			trimmed = trimmed.substring(1);
		}
		if (trimmed.isEmpty()) {
			throw ImportProblems.invalid("empty or null swagger supplied");
		}
		JsonNode tree;
		try {
			tree = (trimmed.startsWith("{") ? JSON : YAML).readTree(trimmed);
		}
		catch (JacksonException ex) {
			throw ImportProblems.invalid("malformed or unreadable swagger supplied: " + ex.getOriginalMessage());
		}
		if (tree == null || !tree.isObject()) {
			throw ImportProblems.invalid("Invalid definition: a JSON or YAML object is expected");
		}
		return tree;
	}

	private static void report(SwaggerParseResult result, ImportProblems problems) {
		List<String> messages = (result.getMessages() != null) ? result.getMessages() : List.of();
		if (result.getOpenAPI() == null) {
			messages.forEach(problems::error);
			if (messages.isEmpty()) {
				problems.error("malformed or unreadable swagger supplied");
			}
			problems.throwIfFailed(false);
		}
		messages.forEach((message) -> problems.warning("Parse issue: " + message));
	}

	JsonNode root() {
		return this.root;
	}

	/** Whether the document was Swagger 2.0, read in its converted OpenAPI 3 form. */
	boolean isSwagger() {
		return this.swagger;
	}

	/** The problems found reading the document, to add the import's own to. */
	ImportProblems problems() {
		return this.problems;
	}

	/** The node itself, or the node its local {@code $ref} ({@code #/components/...}) points at. */
	JsonNode resolve(JsonNode node) {
		JsonNode current = node;
		for (int hops = 0; hops < 16 && current.has("$ref"); hops++) {
			String ref = current.get("$ref").asString("");
			if (!ref.startsWith("#/")) {
				return current;
			}
			JsonNode target = this.root.at(ref.substring(1));
			if (target.isMissingNode()) {
				return current;
			}
			current = target;
		}
		return current;
	}

	/** The first server's URL as written (Swagger's scheme, host and base path are there after conversion). */
	@Nullable String serverUrl() {
		JsonNode url = this.root.path("servers").path(0).path("url");
		return url.isString() ? url.asString() : null;
	}

	/**
	 * The base path as API Gateway finds it: the first server's {@code basePath} variable, or else the path of its
	 * URL (other variables at their defaults). Swagger's {@code basePath} is there after conversion.
	 */
	@Nullable String basePath(ImportProblems problems) {
		JsonNode servers = this.root.path("servers");
		if (!servers.isArray() || servers.isEmpty()) {
			return null;
		}
		if (servers.size() > 1 && !this.swagger) {
			problems.warning(
					"More than one server provided. Ignoring all but the first for defining endpoint configuration");
		}
		JsonNode server = servers.get(0);
		JsonNode variables = server.path("variables");
		JsonNode basePath = variables.path("basePath").path("default");
		if (basePath.isString()) {
			return basePath.asString();
		}
		String url = server.path("url").asString("");
		Matcher matcher = SERVER_VARIABLE.matcher(url);
		StringBuilder expanded = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(expanded,
					Matcher.quoteReplacement(variables.path(matcher.group(1)).path("default").asString("")));
		}
		matcher.appendTail(expanded);
		String path = SCHEME_AND_HOST.matcher(expanded.toString()).replaceFirst("");
		return (path.isEmpty() || path.equals("/")) ? null : path;
	}

	/** The fields of an object node, in document order ({@code Map.Entry} of name and value). */
	static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
		if (!node.isObject()) {
			return List.of();
		}
		return new ArrayList<>(node.properties());
	}

	/** The text of a field, {@code null} when it is absent or null. */
	static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull() || value.isContainer()) ? null : value.asString();
	}

	/** A map of strings, such as {@code requestParameters}; {@code null} when absent. */
	static @Nullable Map<String, String> stringMap(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || !value.isObject()) {
			return null;
		}
		Map<String, String> map = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : fields(value)) {
			if (!entry.getValue().isNull()) {
				map.put(entry.getKey(), entry.getValue().isContainer() ? entry.getValue().toString()
						: entry.getValue().asString());
			}
		}
		return map;
	}

	/** A list of strings, such as {@code binaryMediaTypes}; {@code null} when absent. */
	static @Nullable List<String> stringList(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		List<String> list = new ArrayList<>();
		if (value.isArray()) {
			for (Iterator<JsonNode> values = value.values().iterator(); values.hasNext();) {
				list.add(values.next().asString());
			}
		}
		else {
			list.add(value.asString());
		}
		return list;
	}

}
