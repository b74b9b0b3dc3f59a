package io.tollgate.cache;

import io.tollgate.pipeline.CallerPermissions;
import io.tollgate.pipeline.RequestContext;

/**
 * Decides whether a caller may invalidate a cache entry with {@code Cache-Control: max-age=0}: its IAM identity's or
 * its authorizer's policy must allow {@code execute-api:InvalidateCache} on the method's ARN. A caller with neither
 * (no authorizer, an API key only) may not.
 */
final class CacheInvalidation {

	static final String ACTION = "execute-api:InvalidateCache";

	private final String region;

	CacheInvalidation(String region) {
		this.region = region;
	}

	boolean allowed(RequestContext context) {
		CallerPermissions authorizer = context.authorizer().permissions();
		CallerPermissions identity = context.identity().permissions();
		if (authorizer == null && identity == null) {
			return false;
		}
		String methodArn = context.methodArn(this.region);
		return (identity != null && identity.allows(ACTION, methodArn))
				|| (authorizer != null && authorizer.allows(ACTION, methodArn));
	}

}
