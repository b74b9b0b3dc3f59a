package io.tollgate.admin.v2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Turns v2 management bodies into model records and records into AWS's response shapes. The v2 model's component
 * names are AWS's wire names, so a Create* body is the record without its id, an Update* (PATCH) body is a partial
 * record laid over the current one, and a response is the record without what AWS leaves out.
 */
final class V2Resources {

	/** What AWS fills in and a body never sets: managed resources are made by quick create only. */
	private static final Set<String> READ_ONLY = Set.of("apiGatewayManaged", "createdDate", "lastUpdatedDate",
			"apiEndpoint", "importInfo", "warnings");

	private V2Resources() {
	}

	/** The body as a JSON object; an empty body is {@code {}}. */
	static Mono<ObjectNode> body(ServerRequest request) {
		return V2Json.read(request, JsonNode.class).map((node) -> {
			if (!(node instanceof ObjectNode object)) {
				throw ApiModelException.badRequest("Invalid request body: a JSON object is required");
			}
			READ_ONLY.forEach(object::remove);
			return object;
		});
	}

	/** A new record from a Create* body and the values the server gives ({@code idField} and friends). */
	static <T> T create(ObjectNode body, Class<T> type, Map<String, ?> given) {
		ObjectNode fields = body.deepCopy();
		given.forEach((name, value) -> fields.set(name, V2Json.mapper().valueToTree(value)));
		return convert(fields, type);
	}

	/**
	 * {@code current} with the fields of a PATCH body laid over it; {@code fixed} names fields the body may not
	 * change (ids), which keep their current values.
	 */
	static <T> T patch(T current, ObjectNode body, Class<T> type, String... fixed) {
		ObjectNode fields = V2Json.mapper().valueToTree(current);
		ObjectNode changes = body.deepCopy();
		for (String name : fixed) {
			changes.remove(name);
		}
		fields.setAll(changes);
		return convert(fields, type);
	}

	static <T> T convert(JsonNode fields, Class<T> type) {
		try {
			return V2Json.mapper().treeToValue(fields, type);
		}
		catch (JacksonException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof ApiModelException invalid) {
				throw invalid;
			}
			throw ApiModelException.badRequest("Invalid request body: " + ex.getOriginalMessage());
		}
	}

	/**
	 * A record as AWS answers with it: empty lists and maps left out except {@code keepEmpty} ({@code tags} and
	 * such, which AWS always shows), {@code apiGatewayManaged} only when true, and {@code omit} left out.
	 */
	static ObjectNode view(Object record, Set<String> keepEmpty, String... omit) {
		ObjectNode view = V2Json.mapper().valueToTree(record);
		for (String name : omit) {
			view.remove(name);
		}
		List<String> empty = new ArrayList<>();
		for (Map.Entry<String, JsonNode> field : view.properties()) {
			JsonNode value = field.getValue();
			if ((value.isContainer() && value.isEmpty() && !keepEmpty.contains(field.getKey()))
					|| (field.getKey().equals("apiGatewayManaged") && !value.asBoolean())) {
				empty.add(field.getKey());
			}
			else if (value instanceof ObjectNode nested && !keepEmpty.contains(field.getKey())) {
				dropEmpty(nested);
			}
		}
		empty.forEach(view::remove);
		return view;
	}

	private static void dropEmpty(ObjectNode node) {
		List<String> empty = new ArrayList<>();
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			if (field.getValue().isContainer() && field.getValue().isEmpty()) {
				empty.add(field.getKey());
			}
		}
		empty.forEach(node::remove);
	}

}
