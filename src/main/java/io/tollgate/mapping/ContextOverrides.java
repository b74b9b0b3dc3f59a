package io.tollgate.mapping;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * {@code $context.requestOverride} and {@code $context.responseOverride} of one request: what its request template
 * sets is what its response template sees and may change, and what the gateway applies to the integration request
 * and the method response, as on AWS. Renders of one request share one instance, one after the other (not
 * thread-safe).
 */
public final class ContextOverrides {

	private final RequestOverride requestOverride = new RequestOverride();

	private final ResponseOverride responseOverride = new ResponseOverride();

	RequestOverride requestOverride() {
		return this.requestOverride;
	}

	ResponseOverride responseOverride() {
		return this.responseOverride;
	}

	/** {@code $context.requestOverride.header}: headers the integration request carries instead. */
	public Map<String, String> requestHeaders() {
		return this.requestOverride.headers();
	}

	/** {@code $context.requestOverride.querystring}: query string parameters the integration request carries instead. */
	public Map<String, String> requestQuerystring() {
		return this.requestOverride.querystring();
	}

	/** {@code $context.responseOverride.status}, or {@code null}. */
	public @Nullable Integer responseStatus() {
		return this.responseOverride.status();
	}

	/** {@code $context.responseOverride.header}. */
	public Map<String, String> responseHeaders() {
		return this.responseOverride.headers();
	}

}
