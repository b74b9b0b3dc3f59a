package io.tollgate.policy;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One statement of a policy document.
 *
 * @param allow {@code Effect: Allow} (else {@code Deny})
 * @param actions {@code Action}, or empty when the statement uses {@code NotAction}
 * @param notActions {@code NotAction}
 * @param resources {@code Resource}, or empty when the statement uses {@code NotResource}
 * @param notResources {@code NotResource}
 * @param principals {@code Principal} values ({@code *}, ARNs, account ids); {@code null} when the statement names
 * none, as identity policies and authorizer policies do
 * @param conditions every condition must hold
 */
record PolicyStatement(boolean allow, List<String> actions, List<String> notActions, List<String> resources,
		List<String> notResources, @Nullable List<String> principals, List<PolicyCondition> conditions) {

	PolicyStatement {
		actions = List.copyOf(actions);
		notActions = List.copyOf(notActions);
		resources = List.copyOf(resources);
		notResources = List.copyOf(notResources);
		principals = (principals != null) ? List.copyOf(principals) : null;
		conditions = List.copyOf(conditions);
	}

	/** Whether the statement applies to the request. */
	boolean applies(PolicyRequest request) {
		if (!matchesAny(this.actions, this.notActions, request.action(), true)
				|| !matchesAny(this.resources, this.notResources, request.resource(), false)
				|| !principalMatches(request)) {
			return false;
		}
		for (PolicyCondition condition : this.conditions) {
			Boolean holds = condition.matches(request);
			// An operator this evaluator does not know fails closed: the Deny applies, the Allow does not.
			if (holds == null ? this.allow : !holds) {
				return false;
			}
		}
		return true;
	}

	private static boolean matchesAny(List<String> patterns, List<String> notPatterns, String value,
			boolean ignoreCase) {
		if (!patterns.isEmpty()) {
			return patterns.stream().anyMatch((pattern) -> Wildcards.matches(pattern, value, ignoreCase));
		}
		if (!notPatterns.isEmpty()) {
			return notPatterns.stream().noneMatch((pattern) -> Wildcards.matches(pattern, value, ignoreCase));
		}
		return false;
	}

	private boolean principalMatches(PolicyRequest request) {
		if (this.principals == null) {
			return true;
		}
		String arn = request.principalArn();
		String account = request.principalAccount();
		for (String principal : this.principals) {
			if (principal.equals("*")) {
				return true;
			}
			if (arn == null) {
				continue;
			}
			if (principal.equals(arn) || Wildcards.matches(principal, arn, false)
					|| (account != null && (principal.equals(account)
							|| principal.equals("arn:aws:iam::" + account + ":root")))) {
				return true;
			}
		}
		return false;
	}

}
