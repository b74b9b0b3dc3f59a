package io.tollgate.auth.lambda;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.tollgate.policy.PolicyDocument;
import io.tollgate.policy.PolicyException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a Lambda authorizer answered, validated as AWS validates it: a {@code principalId}, a {@code policyDocument},
 * an optional flat {@code context} (string, number and boolean values, exposed as strings) and an optional
 * {@code usageIdentifierKey}. Kept whole in the cache and evaluated against each method ARN.
 */
public final class LambdaAuthorizerResult {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Marks an HTTP API authorizer's result in the cache, whose context keeps its JSON types. */
	private static final String HTTP_API_MARKER = "httpApiResult";

	private final String principalId;

	private final PolicyDocument policy;

	private final Map<String, Object> context;

	private final @Nullable String usageIdentifierKey;

	private final String json;

	private LambdaAuthorizerResult(String principalId, PolicyDocument policy, Map<String, Object> context,
			@Nullable String usageIdentifierKey, String json) {
		this.principalId = principalId;
		this.policy = policy;
		this.context = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(context));
		this.usageIdentifierKey = usageIdentifierKey;
		this.json = json;
	}

	/**
	 * Reads the function's answer.
	 * @throws IllegalArgumentException when it is not what AWS accepts (AWS answers 500
	 * {@code AuthorizerConfigurationException})
	 */
	public static LambdaAuthorizerResult parse(byte[] payload) {
		JsonNode root;
		try {
			root = JSON.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Authorizer result is not JSON");
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("Authorizer result is not an object");
		}
		JsonNode principal = root.get("principalId");
		if (principal == null || principal.isNull() || principal.isContainer()) {
			throw new IllegalArgumentException("Authorizer result has no principalId");
		}
		JsonNode policyNode = root.get("policyDocument");
		PolicyDocument policy;
		try {
			policy = PolicyDocument.of(policyNode, UnaryOperator.identity());
		}
		catch (PolicyException ex) {
			throw new IllegalArgumentException("Authorizer result has an invalid policyDocument: " + ex.getMessage());
		}
		Map<String, Object> context = new LinkedHashMap<>();
		JsonNode contextNode = root.get("context");
		if (contextNode != null && !contextNode.isNull()) {
			if (!contextNode.isObject()) {
				throw new IllegalArgumentException("Authorizer context is not an object");
			}
			for (Map.Entry<String, JsonNode> entry : contextNode.properties()) {
				JsonNode value = entry.getValue();
				if (value.isContainer()) {
					// AWS: context values are strings, numbers or booleans only.
					throw new IllegalArgumentException("Authorizer context value " + entry.getKey() + " is an "
							+ value.getNodeType());
				}
				if (!value.isNull()) {
					context.put(entry.getKey(), value.asString());
				}
			}
		}
		JsonNode usageNode = root.get("usageIdentifierKey");
		String usageIdentifierKey = (usageNode != null && !usageNode.isNull() && !usageNode.isContainer())
				? usageNode.asString() : null;
		ObjectNode normalized = JSON.createObjectNode();
		normalized.put("principalId", principal.asString());
		normalized.set("policyDocument", policyNode);
		ObjectNode contextJson = normalized.putObject("context");
		context.forEach((key, value) -> contextJson.put(key, value.toString()));
		if (usageIdentifierKey != null) {
			normalized.put("usageIdentifierKey", usageIdentifierKey);
		}
		return new LambdaAuthorizerResult(principal.asString(), policy, context, usageIdentifierKey,
				JSON.writeValueAsString(normalized));
	}

	/**
	 * An HTTP API Lambda authorizer's answer (aws-behavior-v2 §A.6.2): with simple responses
	 * {@code {"isAuthorized": bool, "context": {...}}}, else {@code {principalId, policyDocument, context}}.
	 * Context values keep their JSON types (numbers, booleans, arrays, objects). Kept whole in the cache (marked as an
	 * HTTP API's result) and evaluated against each route ARN; a simple answer is a policy allowing or denying all.
	 * @throws IllegalArgumentException when it is not what AWS accepts (500)
	 */
	public static LambdaAuthorizerResult parseHttpApi(byte[] payload, boolean simple) {
		JsonNode root;
		try {
			root = JSON.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Authorizer result is not JSON");
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("Authorizer result is not an object");
		}
		JsonNode policyNode;
		String principalId;
		if (simple) {
			JsonNode authorized = root.get("isAuthorized");
			if (authorized == null || !authorized.isBoolean()) {
				throw new IllegalArgumentException("Authorizer result has no boolean isAuthorized");
			}
			ObjectNode policy = JSON.createObjectNode();
			policy.put("Version", "2012-10-17");
			ObjectNode statement = policy.putArray("Statement").addObject();
			statement.put("Action", "execute-api:Invoke");
			statement.put("Effect", authorized.asBoolean() ? "Allow" : "Deny");
			statement.put("Resource", "*");
			policyNode = policy;
			principalId = "";
		}
		else {
			JsonNode principal = root.get("principalId");
			principalId = (principal != null && !principal.isNull() && !principal.isContainer()) ? principal.asString()
					: "";
			policyNode = root.get("policyDocument");
		}
		PolicyDocument policy;
		try {
			policy = PolicyDocument.of(policyNode, UnaryOperator.identity());
		}
		catch (PolicyException ex) {
			throw new IllegalArgumentException("Authorizer result has an invalid policyDocument: " + ex.getMessage());
		}
		Map<String, Object> context = new LinkedHashMap<>();
		JsonNode contextNode = root.get("context");
		if (contextNode != null && !contextNode.isNull()) {
			if (!contextNode.isObject()) {
				throw new IllegalArgumentException("Authorizer context is not an object");
			}
			for (Map.Entry<String, JsonNode> entry : contextNode.properties()) {
				if (!entry.getValue().isNull()) {
					context.put(entry.getKey(), JSON.convertValue(entry.getValue(), Object.class));
				}
			}
		}
		ObjectNode normalized = JSON.createObjectNode();
		normalized.put(HTTP_API_MARKER, true);
		normalized.put("principalId", principalId);
		normalized.set("policyDocument", policyNode);
		normalized.set("context", (contextNode != null && contextNode.isObject()) ? contextNode : JSON.createObjectNode());
		return new LambdaAuthorizerResult(principalId, policy, context, null, JSON.writeValueAsString(normalized));
	}

	/** A result read back from a shared cache; empty when it no longer reads (a newer or older format). */
	static Optional<LambdaAuthorizerResult> fromCache(String json) {
		try {
			byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
			return Optional.of(json.contains("\"" + HTTP_API_MARKER + "\"") ? parseHttpApi(bytes, false) : parse(bytes));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	public String principalId() {
		return this.principalId;
	}

	public PolicyDocument policy() {
		return this.policy;
	}

	/** The context values, as strings. */
	public Map<String, Object> context() {
		return this.context;
	}

	public @Nullable String usageIdentifierKey() {
		return this.usageIdentifierKey;
	}

	/** The normalised answer, as cached in Redis. */
	String json() {
		return this.json;
	}

	@Override
	public String toString() {
		// The usage identifier key is an API key value; context may carry personal data.
		return "LambdaAuthorizerResult[principalId=" + this.principalId + ", " + this.policy + ", context="
				+ this.context.keySet() + "]";
	}

}
