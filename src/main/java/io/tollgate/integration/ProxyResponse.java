package io.tollgate.integration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Lambda proxy integration's result, {@code {statusCode, headers, multiValueHeaders, body, isBase64Encoded}},
 * checked as API Gateway checks it: anything else (an unknown key, an empty object, a non-integer status, a
 * multi-value header that is not a list) is a malformed response.
 *
 * @param statusCode the status, 200 when the function gave none
 * @param headers the response headers; a name in both {@code multiValueHeaders} and {@code headers} has the
 * multi-value entries first, under the multi-value key's casing
 * @param body the body text, empty when none
 * @param base64Encoded whether the body is base64 of binary data
 */
record ProxyResponse(int statusCode, Map<String, List<String>> headers, String body, boolean base64Encoded) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> KEYS = Set.of("statusCode", "headers", "multiValueHeaders", "body",
			"isBase64Encoded");

	/** The response, or {@code null} when the payload is not a valid proxy response. */
	static @Nullable ProxyResponse parse(byte[] payload) {
		JsonNode root;
		try {
			root = JSON.readTree(payload);
		}
		catch (JacksonException ex) {
			return null;
		}
		if (root == null || !root.isObject() || root.isEmpty()) {
			return null;
		}
		for (String key : root.propertyNames()) {
			if (!KEYS.contains(key)) {
				return null;
			}
		}
		Integer status = status(root.get("statusCode"));
		if (status == null) {
			return null;
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		JsonNode multi = root.get("multiValueHeaders");
		if (multi != null && !multi.isNull()) {
			if (!multi.isObject()) {
				return null;
			}
			for (Map.Entry<String, JsonNode> entry : multi.properties()) {
				if (!entry.getValue().isArray()) {
					return null;
				}
				List<String> values = new ArrayList<>();
				for (JsonNode value : entry.getValue()) {
					String text = scalar(value);
					if (text == null) {
						return null;
					}
					values.add(text);
				}
				headers.put(entry.getKey(), values);
			}
		}
		JsonNode single = root.get("headers");
		if (single != null && !single.isNull()) {
			if (!single.isObject()) {
				return null;
			}
			for (Map.Entry<String, JsonNode> entry : single.properties()) {
				String text = scalar(entry.getValue());
				if (text == null) {
					return null;
				}
				String existing = headers.keySet()
					.stream()
					.filter(entry.getKey()::equalsIgnoreCase)
					.findFirst()
					.orElse(null);
				if (existing != null) {
					headers.get(existing).add(text);
				}
				else {
					headers.put(entry.getKey(), new ArrayList<>(List.of(text)));
				}
			}
		}
		JsonNode body = root.get("body");
		String text = "";
		if (body != null && !body.isNull()) {
			text = scalar(body);
			if (text == null) {
				return null;
			}
		}
		JsonNode base64 = root.get("isBase64Encoded");
		if (base64 != null && !base64.isNull() && !base64.isBoolean()) {
			return null;
		}
		return new ProxyResponse(status, headers, text, base64 != null && base64.asBoolean());
	}

	private static @Nullable Integer status(@Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return 200;
		}
		int status;
		if (node.isIntegralNumber() && node.canConvertToInt()) {
			status = node.asInt();
		}
		else if (node.isString() && node.asString().matches("\\d{1,3}")) {
			status = Integer.parseInt(node.asString());
		}
		else {
			return null;
		}
		return (status >= 100 && status <= 599) ? status : null;
	}

	private static @Nullable String scalar(JsonNode node) {
		if (node.isNull()) {
			return "";
		}
		return node.isValueNode() ? node.asString() : null;
	}

}
