package io.tollgate.auth.sigv4;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The identities {@code AWS_IAM} methods accept, under {@code tollgate.iam.*}. The management credentials
 * ({@code tollgate.admin.*}) are one more identity, allowed everything.
 *
 * @param identities the accepted access keys with their identity and IAM policies
 */
@ConfigurationProperties("tollgate.iam")
public record IamProperties(@DefaultValue List<Identity> identities) {

	/**
	 * One access key.
	 *
	 * @param accessKeyId the access key id
	 * @param secretAccessKey its secret
	 * @param arn the identity's ARN ({@code arn:aws:iam::123456789012:user/alice}); the caller in
	 * {@code $context.identity} and in policy principals
	 * @param policy the identity's IAM policy (JSON), e.g. allowing {@code execute-api:Invoke} on some method ARNs;
	 * without one the identity may do nothing
	 * @param sessionToken for temporary credentials: the {@code X-Amz-Security-Token} the requests must carry
	 * @param sessionExpiresAt when the temporary credentials expire ({@code ExpiredTokenException} afterwards)
	 */
	public record Identity(String accessKeyId, String secretAccessKey, @Nullable String arn, @Nullable String policy,
			@Nullable String sessionToken, @Nullable Instant sessionExpiresAt) {

		@Override
		public String toString() {
			// Never the secret or the session token.
			return "Identity[accessKeyId=" + this.accessKeyId + ", arn=" + this.arn + "]";
		}

	}

}
