package io.tollgate.admin.openapi;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationResponse;
import io.tollgate.model.IntegrationType;
import io.tollgate.model.PassthroughBehavior;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static io.tollgate.admin.openapi.OpenApiDocument.fields;
import static io.tollgate.admin.openapi.OpenApiDocument.stringList;
import static io.tollgate.admin.openapi.OpenApiDocument.stringMap;
import static io.tollgate.admin.openapi.OpenApiDocument.text;

/**
 * {@code x-amazon-apigateway-integration}, both ways. Its {@code responses} are keyed by selection pattern
 * ({@code default} for the response without one) where the model keys integration responses by status code.
 */
final class IntegrationExtension {

	private static final String DEFAULT_RESPONSE = "default";

	private IntegrationExtension() {
	}

	/**
	 * The integration an operation's extension describes.
	 * @param warn receives what is ignored
	 * @throws ApiModelException.BadRequest when the model refuses it
	 */
	static Integration read(JsonNode extension, Consumer<String> warn) {
		if (!extension.isObject()) {
			throw ApiModelException.badRequest("Invalid integration: an object is expected");
		}
		String type = text(extension, "type");
		if (type == null) {
			throw ApiModelException.badRequest("Invalid integration type specified: a type is required");
		}
		Map<String, IntegrationResponse> responses = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : fields(extension.path("responses"))) {
			JsonNode response = entry.getValue();
			String statusCode = text(response, "statusCode");
			if (statusCode == null) {
				throw ApiModelException.badRequest(
						"Invalid integration response '" + entry.getKey() + "': a statusCode is required");
			}
			String pattern = DEFAULT_RESPONSE.equals(entry.getKey()) ? null : entry.getKey();
			IntegrationResponse mapped = new IntegrationResponse(statusCode, pattern,
					stringMap(response, "responseParameters"), stringMap(response, "responseTemplates"),
					text(response, "contentHandling"));
			if (responses.put(statusCode, mapped) != null) {
				warn.accept("More than one integration response maps to status code " + statusCode
						+ ". Only the last one ('" + entry.getKey() + "') is kept.");
			}
		}
		Integer timeout = null;
		JsonNode timeoutNode = extension.get("timeoutInMillis");
		if (timeoutNode != null && !timeoutNode.isNull()) {
			try {
				timeout = Integer.valueOf(timeoutNode.asString().trim());
			}
			catch (NumberFormatException ex) {
				throw ApiModelException.badRequest("Invalid timeoutInMillis specified: " + timeoutNode.asString());
			}
		}
		if (extension.has("connectionId")) {
			warn.accept("VPC link connections (connectionId " + text(extension, "connectionId")
					+ ") are not supported. Ignoring.");
		}
		return new Integration(enumValue(IntegrationType.class, type, "integration type"),
				text(extension, "httpMethod"), text(extension, "uri"), text(extension, "connectionType"),
				text(extension, "credentials"), stringMap(extension, "requestParameters"),
				stringMap(extension, "requestTemplates"),
				(text(extension, "passthroughBehavior") != null) ? enumValue(PassthroughBehavior.class,
						text(extension, "passthroughBehavior"), "passthrough behavior") : null,
				text(extension, "contentHandling"), timeout, text(extension, "cacheNamespace"),
				stringList(extension, "cacheKeyParameters"), responses);
	}

	/** The extension object for an integration, as API Gateway exports it (enum values in lower case). */
	static ObjectNode write(Integration integration) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("type", integration.type().name().toLowerCase(Locale.ROOT));
		putIfPresent(node, "httpMethod", integration.httpMethod());
		putIfPresent(node, "uri", integration.uri());
		putIfPresent(node, "connectionType", integration.connectionType());
		putIfPresent(node, "credentials", integration.credentials());
		putMap(node, "requestParameters", integration.requestParameters());
		putMap(node, "requestTemplates", integration.requestTemplates());
		node.put("passthroughBehavior", integration.passthroughBehavior().name().toLowerCase(Locale.ROOT));
		putIfPresent(node, "contentHandling", integration.contentHandling());
		if (integration.timeoutInMillis() != Integration.MAX_TIMEOUT_MILLIS) {
			node.put("timeoutInMillis", integration.timeoutInMillis());
		}
		putIfPresent(node, "cacheNamespace", integration.cacheNamespace());
		if (!integration.cacheKeyParameters().isEmpty()) {
			integration.cacheKeyParameters().forEach(node.putArray("cacheKeyParameters")::add);
		}
		if (!integration.integrationResponses().isEmpty()) {
			ObjectNode responses = node.putObject("responses");
			for (IntegrationResponse response : integration.integrationResponses().values()) {
				ObjectNode written = responses
					.putObject(response.isDefault() ? DEFAULT_RESPONSE : response.selectionPattern());
				written.put("statusCode", response.statusCode());
				putMap(written, "responseParameters", response.responseParameters());
				putMap(written, "responseTemplates", response.responseTemplates());
				putIfPresent(written, "contentHandling", response.contentHandling());
			}
		}
		return node;
	}

	/** An enum constant from its name in any case, as the extensions write them ({@code http_proxy}). */
	static <E extends Enum<E>> E enumValue(Class<E> type, String value, String what) {
		try {
			return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ApiModelException.badRequest("Invalid " + what + " specified: " + value);
		}
	}

	static void putIfPresent(ObjectNode node, String field, @Nullable String value) {
		if (value != null) {
			node.put(field, value);
		}
	}

	static void putMap(ObjectNode node, String field, Map<String, String> map) {
		if (!map.isEmpty()) {
			ObjectNode object = node.putObject(field);
			map.forEach(object::put);
		}
	}

}
