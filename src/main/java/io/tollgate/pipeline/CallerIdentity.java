package io.tollgate.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What API Gateway calls {@code $context.identity} beyond the source IP and user agent: who the caller is once the
 * API key step and an IAM (SigV4) authorizer have run. {@link #ANONYMOUS} until then.
 *
 * @param apiKey the API key value the request used (never logged; AWS exposes it to templates and proxy events)
 * @param apiKeyId the id of that API key
 * @param accessKey the SigV4 access key id of an IAM-authorized caller
 * @param accountId the caller's account id (IAM)
 * @param caller the caller's principal identifier (IAM)
 * @param user the caller's user identifier (IAM)
 * @param userArn the caller's ARN (IAM)
 * @param permissions what an IAM caller's policies allow; {@code null} when not IAM-authorized
 */
public record CallerIdentity(@Nullable String apiKey, @Nullable String apiKeyId, @Nullable String accessKey,
		@Nullable String accountId, @Nullable String caller, @Nullable String user, @Nullable String userArn,
		@Nullable CallerPermissions permissions) {

	public static final CallerIdentity ANONYMOUS = new CallerIdentity(null, null, null, null, null, null, null,
			null);

	public CallerIdentity withApiKey(String apiKey, String apiKeyId) {
		return new CallerIdentity(apiKey, apiKeyId, this.accessKey, this.accountId, this.caller, this.user,
				this.userArn, this.permissions);
	}

	public CallerIdentity withIamCaller(String accessKey, @Nullable String accountId, @Nullable String caller,
			@Nullable String user, @Nullable String userArn, CallerPermissions permissions) {
		return new CallerIdentity(this.apiKey, this.apiKeyId, accessKey, accountId, caller, user, userArn,
				permissions);
	}

	/** Adds the identity's AWS-named fields to {@code identity} (sourceIp and userAgent are the context's). */
	void addTo(Map<String, Object> identity) {
		putIfPresent(identity, "apiKey", this.apiKey);
		putIfPresent(identity, "apiKeyId", this.apiKeyId);
		putIfPresent(identity, "accessKey", this.accessKey);
		putIfPresent(identity, "accountId", this.accountId);
		putIfPresent(identity, "caller", this.caller);
		putIfPresent(identity, "user", this.user);
		putIfPresent(identity, "userArn", this.userArn);
	}

	static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	@Override
	public String toString() {
		// The API key value is a secret: never print it.
		Map<String, Object> shown = new LinkedHashMap<>();
		putIfPresent(shown, "apiKeyId", this.apiKeyId);
		putIfPresent(shown, "accessKey", this.accessKey);
		putIfPresent(shown, "userArn", this.userArn);
		return "CallerIdentity" + shown;
	}

}
