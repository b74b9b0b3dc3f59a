package io.tollgate.policy;

import java.util.List;

import io.tollgate.pipeline.CallerPermissions;

/**
 * What a caller may do according to its policies: a Lambda authorizer's policy document or an IAM identity's
 * policies. Answers later pipeline steps, such as the cache's {@code execute-api:InvalidateCache} check.
 */
public final class PolicyPermissions implements CallerPermissions {

	/** Allows every action on every resource: the management credentials used as an IAM identity. */
	public static final CallerPermissions ALL = (action, resource) -> true;

	private final List<PolicyDocument> documents;

	public PolicyPermissions(List<PolicyDocument> documents) {
		this.documents = List.copyOf(documents);
	}

	public PolicyDecision decide(String action, String resourceArn) {
		return PolicyDocument.evaluate(this.documents, PolicyRequest.of(action, resourceArn));
	}

	@Override
	public boolean allows(String action, String resourceArn) {
		return decide(action, resourceArn).allowed();
	}

	@Override
	public String toString() {
		return "PolicyPermissions[" + this.documents.size() + " documents]";
	}

}
