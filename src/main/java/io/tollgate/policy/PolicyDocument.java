package io.tollgate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An IAM policy document ({@code {"Version": ..., "Statement": [...]}}), parsed once and evaluated per request:
 * any applying {@code Deny} wins, else any applying {@code Allow} allows, else the request is implicitly denied.
 * {@code Statement}, {@code Action}, {@code Resource} and condition values may each be one value or a list.
 */
public final class PolicyDocument {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<PolicyStatement> statements;

	private PolicyDocument(List<PolicyStatement> statements) {
		this.statements = List.copyOf(statements);
	}

	/**
	 * Parses a policy document.
	 * @throws PolicyException when it is not a valid policy
	 */
	public static PolicyDocument parse(String json) {
		return parse(json, UnaryOperator.identity());
	}

	/**
	 * Parses a policy document, rewriting each resource pattern with {@code resources}, e.g. a resource policy's
	 * {@code execute-api:/*} shorthand into the API's full ARN.
	 * @throws PolicyException when it is not a valid policy
	 */
	public static PolicyDocument parse(String json, UnaryOperator<String> resources) {
		JsonNode root;
		try {
			root = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw new PolicyException("Policy is not JSON");
		}
		return of(root, resources);
	}

	/**
	 * A policy document from parsed JSON (a Lambda authorizer's {@code policyDocument}).
	 * @throws PolicyException when it is not a valid policy
	 */
	public static PolicyDocument of(@Nullable JsonNode root, UnaryOperator<String> resources) {
		if (root == null || !root.isObject()) {
			throw new PolicyException("Policy document must be an object");
		}
		JsonNode statementNode = field(root, "Statement");
		if (statementNode == null || statementNode.isNull()) {
			throw new PolicyException("Policy document has no Statement");
		}
		List<PolicyStatement> statements = new ArrayList<>();
		if (statementNode.isArray()) {
			for (JsonNode statement : statementNode) {
				statements.add(statement(statement, resources));
			}
		}
		else {
			statements.add(statement(statementNode, resources));
		}
		return new PolicyDocument(statements);
	}

	/** Evaluates the document alone. */
	public PolicyDecision evaluate(PolicyRequest request) {
		boolean allowed = false;
		for (PolicyStatement statement : this.statements) {
			if (statement.applies(request)) {
				if (!statement.allow()) {
					return PolicyDecision.EXPLICIT_DENY;
				}
				allowed = true;
			}
		}
		return allowed ? PolicyDecision.ALLOW : PolicyDecision.IMPLICIT_DENY;
	}

	/** Evaluates several documents together (an identity's policies): deny anywhere wins, then allow anywhere. */
	public static PolicyDecision evaluate(List<PolicyDocument> documents, PolicyRequest request) {
		PolicyDecision decision = PolicyDecision.IMPLICIT_DENY;
		for (PolicyDocument document : documents) {
			decision = decision.and(document.evaluate(request));
			if (decision == PolicyDecision.EXPLICIT_DENY) {
				return decision;
			}
		}
		return decision;
	}

	public int statementCount() {
		return this.statements.size();
	}

	@Override
	public String toString() {
		return "PolicyDocument[" + this.statements.size() + " statements]";
	}

	private static PolicyStatement statement(JsonNode node, UnaryOperator<String> resources) {
		if (!node.isObject()) {
			throw new PolicyException("Statement must be an object");
		}
		String effect = text(field(node, "Effect"));
		if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
			throw new PolicyException("Statement Effect must be Allow or Deny");
		}
		List<String> actions = values(field(node, "Action"));
		List<String> notActions = values(field(node, "NotAction"));
		if (actions.isEmpty() == notActions.isEmpty()) {
			throw new PolicyException("Statement needs one of Action and NotAction");
		}
		List<String> resourceValues = values(field(node, "Resource")).stream().map(resources).toList();
		List<String> notResourceValues = values(field(node, "NotResource")).stream().map(resources).toList();
		if (resourceValues.isEmpty() && notResourceValues.isEmpty()) {
			throw new PolicyException("Statement needs one of Resource and NotResource");
		}
		return new PolicyStatement("Allow".equals(effect), actions, notActions, resourceValues, notResourceValues,
				principals(field(node, "Principal")), conditions(field(node, "Condition")));
	}

	private static @Nullable List<String> principals(@Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isString()) {
			return List.of(node.asString());
		}
		if (!node.isObject()) {
			throw new PolicyException("Principal must be \"*\" or an object");
		}
		// Only AWS principals can call an API off AWS: Service and Federated principals never match.
		JsonNode aws = field(node, "AWS");
		return (aws != null) ? values(aws) : List.of();
	}

	private static List<PolicyCondition> conditions(@Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (!node.isObject()) {
			throw new PolicyException("Condition must be an object");
		}
		List<PolicyCondition> conditions = new ArrayList<>();
		for (Map.Entry<String, JsonNode> operator : node.properties()) {
			if (!operator.getValue().isObject()) {
				throw new PolicyException("Condition " + operator.getKey() + " must be an object");
			}
			for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
				conditions.add(new PolicyCondition(operator.getKey(), key.getKey(), values(key.getValue())));
			}
		}
		return conditions;
	}

	private static List<String> values(@Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (node.isArray()) {
			List<String> values = new ArrayList<>();
			for (JsonNode value : node) {
				values.add(text(value));
			}
			return values;
		}
		return List.of(text(node));
	}

	private static String text(@Nullable JsonNode node) {
		if (node == null || node.isNull() || node.isContainer()) {
			throw new PolicyException("Policy value must be a string");
		}
		return node.asString();
	}

	/** IAM element names are matched as written, with AWS's lower-case variants of authorizer output tolerated. */
	private static @Nullable JsonNode field(JsonNode node, String name) {
		JsonNode value = node.get(name);
		if (value == null) {
			value = node.get(Character.toLowerCase(name.charAt(0)) + name.substring(1));
		}
		return value;
	}

}
