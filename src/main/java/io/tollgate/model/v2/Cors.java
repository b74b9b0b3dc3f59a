package io.tollgate.model.v2;

import java.util.List;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.Immutables;
import org.jspecify.annotations.Nullable;

/**
 * The CORS configuration of an HTTP API (AWS {@code Cors}), answered by the gateway itself. Lists may hold
 * {@code *}; origins may also be prefix wildcards such as {@code https://*}.
 *
 * @param maxAge seconds a preflight may be cached, -1 to 86400; {@code null} sends no {@code max-age}
 */
public record Cors(@Nullable Boolean allowCredentials, List<String> allowHeaders, List<String> allowMethods,
		List<String> allowOrigins, List<String> exposeHeaders, @Nullable Integer maxAge) {

	public Cors(@Nullable Boolean allowCredentials, @Nullable List<String> allowHeaders,
			@Nullable List<String> allowMethods, @Nullable List<String> allowOrigins,
			@Nullable List<String> exposeHeaders, @Nullable Integer maxAge) {
		this.allowCredentials = allowCredentials;
		this.allowHeaders = Immutables.list(allowHeaders);
		this.allowMethods = Immutables.list(allowMethods);
		this.allowOrigins = Immutables.list(allowOrigins);
		this.exposeHeaders = Immutables.list(exposeHeaders);
		if (maxAge != null && (maxAge < -1 || maxAge > 86400)) {
			throw ApiModelException.badRequest("Invalid maxAge " + maxAge + ": must be from -1 to 86400");
		}
		this.maxAge = maxAge;
		// AWS's text (aws-cdk#9076).
		if (Boolean.TRUE.equals(allowCredentials) && this.allowOrigins.contains("*")) {
			throw ApiModelException.badRequest("allow-credentials is not supported if 'allow-origin' is *");
		}
	}

}
