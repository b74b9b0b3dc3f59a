package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an HTTP API answers for a Lambda proxy result of payload format 2.0 (aws-behavior-v2 §A.4.1), inferred as
 * AWS infers it: an object with {@code statusCode} is a structured response ({@code headers}, each of
 * {@code cookies} as its own {@code Set-Cookie}, {@code body}, {@code isBase64Encoded}; unknown keys ignored);
 * anything else valid JSON is a 200 whose body is that JSON, a string without its quotes. A default
 * {@code Content-Type: application/json} is the caller's to add.
 *
 * @param statusCode the status
 * @param headers the response headers; {@code Set-Cookie} holds one value per cookie
 * @param body the body bytes, base64-decoded when the function said so
 */
record HttpApiProxyResponse(int statusCode, Map<String, List<String>> headers, byte[] body) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Base64, line breaks allowed (the MIME decoder would skip anything else silently). */
	private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]*");

	/** The response, or {@code null} when the payload is not one (AWS: 500 Internal Server Error). */
	static @Nullable HttpApiProxyResponse parse(byte[] payload) {
		JsonNode root;
		try {
			root = JSON.readTree(payload);
		}
		catch (JacksonException ex) {
			return null;
		}
		if (root == null || root.isMissingNode()) {
			return null;
		}
		if (!root.isObject() || !root.has("statusCode")) {
			byte[] body = root.isString() ? root.asString().getBytes(StandardCharsets.UTF_8)
					: JSON.writeValueAsBytes(root);
			return new HttpApiProxyResponse(200, Map.of(), body);
		}
		JsonNode status = root.get("statusCode");
		if (!status.isIntegralNumber() || !status.canConvertToInt() || status.asInt() < 100 || status.asInt() > 599) {
			return null;
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		JsonNode headerNode = root.get("headers");
		if (headerNode != null && !headerNode.isNull()) {
			if (!headerNode.isObject()) {
				return null;
			}
			for (Map.Entry<String, JsonNode> header : headerNode.properties()) {
				JsonNode value = header.getValue();
				if (value.isContainer()) {
					return null;
				}
				if (!value.isNull()) {
					headers.put(header.getKey(), new ArrayList<>(List.of(value.asString())));
				}
			}
		}
		JsonNode cookies = root.get("cookies");
		if (cookies != null && !cookies.isNull()) {
			if (!cookies.isArray()) {
				return null;
			}
			List<String> setCookies = new ArrayList<>();
			for (JsonNode cookie : cookies) {
				if (!cookie.isString()) {
					return null;
				}
				setCookies.add(cookie.asString());
			}
			if (!setCookies.isEmpty()) {
				headers.put("Set-Cookie", setCookies);
			}
		}
		JsonNode bodyNode = root.get("body");
		String text = (bodyNode == null || bodyNode.isNull()) ? ""
				: bodyNode.isString() ? bodyNode.asString() : bodyNode.toString();
		JsonNode base64 = root.get("isBase64Encoded");
		byte[] body;
		if (base64 != null && base64.asBoolean(false)) {
			if (!BASE64.matcher(text).matches()) {
				return null;
			}
			try {
				body = Base64.getMimeDecoder().decode(text);
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		else {
			body = text.getBytes(StandardCharsets.UTF_8);
		}
		return new HttpApiProxyResponse(status.asInt(), headers, body);
	}

}
