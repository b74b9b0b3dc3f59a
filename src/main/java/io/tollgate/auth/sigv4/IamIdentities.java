package io.tollgate.auth.sigv4;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tollgate.config.TollgateProperties;
import io.tollgate.policy.PolicyDocument;
import io.tollgate.policy.PolicyPermissions;
import org.jspecify.annotations.Nullable;

/**
 * The configured IAM identities by access key id ({@code tollgate.iam.identities}), plus the management
 * credentials as an identity allowed everything. Policies are parsed once, at start; an invalid one fails the start.
 */
public final class IamIdentities {

	private final Map<String, IamIdentity> byAccessKey;

	public IamIdentities(IamProperties properties, TollgateProperties tollgate) {
		Map<String, IamIdentity> identities = new LinkedHashMap<>();
		for (IamProperties.Identity identity : properties.identities()) {
			String arn = (identity.arn() != null) ? identity.arn()
					: "arn:aws:iam::" + tollgate.accountId() + ":user/" + identity.accessKeyId();
			List<PolicyDocument> policies = (identity.policy() != null && !identity.policy().isBlank())
					? List.of(PolicyDocument.parse(identity.policy())) : List.of();
			identities.put(identity.accessKeyId(), new IamIdentity(identity.accessKeyId(), identity.secretAccessKey(),
					arn, accountOf(arn, tollgate.accountId()), userOf(arn), new PolicyPermissions(policies),
					identity.sessionToken(), identity.sessionExpiresAt()));
		}
		TollgateProperties.Admin admin = tollgate.admin();
		if (admin.credentialsConfigured() && admin.accessKeyId() != null && admin.secretAccessKey() != null) {
			String arn = "arn:aws:iam::" + tollgate.accountId() + ":root";
			identities.putIfAbsent(admin.accessKeyId(), new IamIdentity(admin.accessKeyId(), admin.secretAccessKey(),
					arn, tollgate.accountId(), tollgate.accountId(), PolicyPermissions.ALL, null, null));
		}
		this.byAccessKey = Map.copyOf(identities);
	}

	public Optional<IamIdentity> find(String accessKeyId) {
		return Optional.ofNullable(this.byAccessKey.get(accessKeyId));
	}

	/** The secret of an access key, for the {@link SigV4Verifier}. */
	public Optional<String> secretAccessKey(String accessKeyId) {
		return find(accessKeyId).map(IamIdentity::secretAccessKey);
	}

	private static String accountOf(String arn, String fallback) {
		String[] parts = arn.split(":", 6);
		return (parts.length == 6 && !parts[4].isEmpty()) ? parts[4] : fallback;
	}

	private static String userOf(String arn) {
		String[] parts = arn.split(":", 6);
		@Nullable String resource = (parts.length == 6) ? parts[5] : null;
		if (resource == null) {
			return arn;
		}
		int slash = resource.lastIndexOf('/');
		return (slash >= 0) ? resource.substring(slash + 1) : resource;
	}

	@Override
	public String toString() {
		return "IamIdentities" + this.byAccessKey.keySet();
	}

}
