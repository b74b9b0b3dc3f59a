package io.tollgate.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.pipeline.CallerIdentity;
import io.tollgate.pipeline.CallerPermissions;
import io.tollgate.pipeline.RequestContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheInvalidationTests {

	private final CacheInvalidation invalidation = new CacheInvalidation("eu-west-1");

	@Test
	void callerWithoutAnyPolicyMayNotInvalidate() {
		assertThat(this.invalidation.allowed(context(null, null))).isFalse();
	}

	@Test
	void authorizerPolicyAllowingInvalidateCacheOnTheMethodArnMayInvalidate() {
		List<String> asked = new ArrayList<>();
		CallerPermissions policy = (action, arn) -> {
			asked.add(action + " " + arn);
			return action.equals("execute-api:InvalidateCache");
		};
		assertThat(this.invalidation.allowed(context(policy, null))).isTrue();
		assertThat(asked).containsExactly(
				"execute-api:InvalidateCache arn:aws:execute-api:eu-west-1:123456789012:api1/prod/GET/pets/7");
	}

	@Test
	void iamIdentityPolicyAllowingInvalidateCacheMayInvalidate() {
		assertThat(this.invalidation.allowed(context(null, (action, arn) -> true))).isTrue();
	}

	@Test
	void policiesThatDoNotAllowTheActionMayNotInvalidate() {
		CallerPermissions invokeOnly = (action, arn) -> action.equals("execute-api:Invoke");
		assertThat(this.invalidation.allowed(context(invokeOnly, invokeOnly))).isFalse();
	}

	private static RequestContext context(CallerPermissions authorizer, CallerPermissions identity) {
		CallerIdentity caller = (identity != null)
				? CallerIdentity.ANONYMOUS.withIamCaller("AKID", "123456789012", "caller", "user", "arn", identity)
				: CallerIdentity.ANONYMOUS;
		AuthorizerOutput output = (authorizer != null) ? new AuthorizerOutput("me", Map.of(), Map.of(), null, authorizer)
				: AuthorizerOutput.NONE;
		return new RequestContext("id", "ext", 0L, "123456789012", "api1", "prod", "d1", "r1", "/pets/{petId}", "GET",
				"/prod/pets/7", Map.of("petId", "7"), Map.of("petId", "7"), Map.of(), null, "127.0.0.1", null,
				"HTTP/1.1", "localhost", caller, output);
	}

}
