package io.tollgate.auth;

import org.jspecify.annotations.Nullable;

/** AWS's texts for requests refused by IAM-style policy evaluation (identity policies and resource policies). */
public final class AccessDeniedMessages {

	private AccessDeniedMessages() {
	}

	/**
	 * {@code User: {arn} is not authorized to perform: execute-api:Invoke on resource: {methodArn}}, with
	 * {@code anonymous} for unauthenticated callers, the account id in the ARN masked as AWS masks it
	 * ({@code ********2543}), and {@code with an explicit deny} appended for explicit denials.
	 */
	public static String notAuthorized(@Nullable String principalArn, String methodArn, boolean explicit) {
		return "User: " + ((principalArn != null) ? principalArn : "anonymous")
				+ " is not authorized to perform: execute-api:Invoke on resource: " + masked(methodArn)
				+ (explicit ? " with an explicit deny" : "");
	}

	/** {@code arn:aws:execute-api:us-west-2:123456782543:abc/...} to {@code ...:us-west-2:********2543:abc/...}. */
	static String masked(String methodArn) {
		String[] parts = methodArn.split(":", 6);
		if (parts.length != 6 || parts[4].length() <= 4) {
			return methodArn;
		}
		String account = parts[4];
		parts[4] = "*".repeat(account.length() - 4) + account.substring(account.length() - 4);
		return String.join(":", parts);
	}

}
