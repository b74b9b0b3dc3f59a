package io.tollgate.auth.sigv4;

import java.time.Instant;

import io.tollgate.pipeline.CallerPermissions;
import io.tollgate.policy.PolicyDecision;
import io.tollgate.policy.PolicyPermissions;
import org.jspecify.annotations.Nullable;

/**
 * An identity SigV4 callers authenticate as: its key, ARN and what its policies allow.
 *
 * @param accountId the account of {@code arn}
 * @param user the user part of the ARN ({@code alice} for {@code ...:user/alice}), {@code $context.identity.user}
 */
public record IamIdentity(String accessKeyId, String secretAccessKey, String arn, String accountId, String user,
		CallerPermissions permissions, @Nullable String sessionToken, @Nullable Instant sessionExpiresAt) {

	/** What the identity's own policies decide about {@code action} on {@code resource}. */
	PolicyDecision decide(String action, String resource) {
		if (this.permissions instanceof PolicyPermissions policies) {
			return policies.decide(action, resource);
		}
		return this.permissions.allows(action, resource) ? PolicyDecision.ALLOW : PolicyDecision.IMPLICIT_DENY;
	}

	@Override
	public String toString() {
		return "IamIdentity[accessKeyId=" + this.accessKeyId + ", arn=" + this.arn + "]";
	}

}
