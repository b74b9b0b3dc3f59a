package io.tollgate.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an authorizer tells the rest of the pipeline: {@code $context.authorizer.*} in templates and the proxy event's
 * {@code requestContext.authorizer}.
 *
 * @param principalId the Lambda authorizer's principalId ({@code null} for Cognito, whose claims carry {@code sub})
 * @param context the Lambda authorizer's context map (string, number and boolean values)
 * @param claims the validated JWT's claims for Cognito authorizers; empty otherwise
 * @param usageIdentifierKey the API key a Lambda authorizer chose, for APIs with apiKeySource AUTHORIZER
 * @param permissions the authorizer's policy, for later checks such as {@code execute-api:InvalidateCache}
 * @param jwt whether an HTTP API's JWT authorizer produced the claims (its events nest them under {@code jwt})
 * @param scopes the token's scopes an HTTP API's JWT authorizer reports; {@code null} when the route asks for none
 */
public record AuthorizerOutput(@Nullable String principalId, Map<String, Object> context, Map<String, Object> claims,
		@Nullable String usageIdentifierKey, @Nullable CallerPermissions permissions, boolean jwt,
		@Nullable List<String> scopes) {

	public static final AuthorizerOutput NONE = new AuthorizerOutput(null, Map.of(), Map.of(), null, null);

	public AuthorizerOutput {
		context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
		claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
		scopes = (scopes != null) ? List.copyOf(scopes) : null;
	}

	/** The output of a REST API's authorizer. */
	public AuthorizerOutput(@Nullable String principalId, Map<String, Object> context, Map<String, Object> claims,
			@Nullable String usageIdentifierKey, @Nullable CallerPermissions permissions) {
		this(principalId, context, claims, usageIdentifierKey, permissions, false, null);
	}

	/** The output of an HTTP API's JWT authorizer: the token's claims (every value a string) and scopes. */
	public static AuthorizerOutput jwt(Map<String, Object> claims, @Nullable List<String> scopes) {
		return new AuthorizerOutput(null, Map.of(), claims, null, null, true, scopes);
	}

	/** {@code $context.authorizer} as AWS shapes it: the context entries, principalId and (Cognito) claims. */
	public Map<String, Object> asTemplateVariables() {
		Map<String, Object> variables = new LinkedHashMap<>(this.context);
		CallerIdentity.putIfPresent(variables, "principalId", this.principalId);
		if (!this.claims.isEmpty()) {
			variables.put("claims", this.claims);
		}
		return variables;
	}

	@Override
	public String toString() {
		// Claims and context may carry personal data; the usage identifier key is an API key value.
		return "AuthorizerOutput[principalId=" + this.principalId + ", context=" + this.context.keySet() + "]";
	}

}
