package io.tollgate.pipeline;

/**
 * What a caller may do, as decided by an IAM-style policy: a Lambda authorizer's policy document or an IAM
 * identity's policies. Read by later pipeline steps, e.g. the cache's {@code execute-api:InvalidateCache} check.
 */
@FunctionalInterface
public interface CallerPermissions {

	/** Whether the policy allows {@code action} (e.g. {@code execute-api:Invoke}) on {@code resourceArn}. */
	boolean allows(String action, String resourceArn);

}
