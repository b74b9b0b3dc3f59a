package io.tollgate.policy;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * What a policy is asked about: an action on a resource by a principal, with the request's condition keys.
 *
 * @param action the action, {@code execute-api:Invoke}
 * @param resource the resource ARN, {@code arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets}
 * @param principalArn the caller's ARN; {@code null} for an anonymous caller
 * @param conditionKeys condition key values ({@code aws:SourceIp}, ...); keys match case-insensitively, as in IAM
 */
public record PolicyRequest(String action, String resource, @Nullable String principalArn,
		Map<String, String> conditionKeys) {

	public PolicyRequest {
		Map<String, String> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		keys.putAll(conditionKeys);
		conditionKeys = Collections.unmodifiableMap(keys);
	}

	/** {@code action} on {@code resource} by whoever the policy belongs to, without condition keys. */
	public static PolicyRequest of(String action, String resource) {
		return new PolicyRequest(action, resource, null, Map.of());
	}

	@Nullable String conditionValue(String key) {
		return this.conditionKeys.get(key);
	}

	/** The account id of the principal's ARN ({@code arn:aws:iam::123456789012:user/x}), or {@code null}. */
	@Nullable String principalAccount() {
		if (this.principalArn == null) {
			return null;
		}
		String[] parts = this.principalArn.split(":", 6);
		return (parts.length == 6 && !parts[4].isEmpty()) ? parts[4] : null;
	}

}
