package io.tollgate.auth.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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

	/**
	 * Whether a request's session token fits these credentials at {@code now}: none for long-term keys; for temporary
	 * credentials their session's token (compared in constant time) before the session expires. {@code null} when it
	 * fits, else AWS's refusal ({@code UnrecognizedClientException}, {@code ExpiredTokenException}).
	 */
	public SigV4Result.@Nullable Failed checkSession(@Nullable String token, Instant now) {
		if (this.sessionToken == null) {
			return (token == null) ? null : SigV4Result.Failed.unrecognizedClient();
		}
		if (token == null || !MessageDigest.isEqual(this.sessionToken.getBytes(StandardCharsets.UTF_8),
				token.getBytes(StandardCharsets.UTF_8))) {
			return SigV4Result.Failed.unrecognizedClient();
		}
		if (this.sessionExpiresAt != null && !now.isBefore(this.sessionExpiresAt)) {
			return SigV4Result.Failed.expiredToken();
		}
		return null;
	}

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
