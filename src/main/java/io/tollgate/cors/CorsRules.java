package io.tollgate.cors;

import java.util.List;
import java.util.Locale;

import io.tollgate.model.v2.Cors;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * An HTTP API's CORS configuration, applied as API Gateway applies it (aws-behavior-v2 §A.7). Origins are
 * {@code *}, exact origins or prefix wildcards ({@code https://*}); headers, methods and exposed headers may be
 * {@code *}.
 *
 * @param maxAge seconds a browser may cache a preflight's answer; {@code null} to send none
 */
public record CorsRules(List<String> allowOrigins, boolean allowCredentials, List<String> allowHeaders,
		List<String> allowMethods, List<String> exposeHeaders, @Nullable Integer maxAge) {

	static final String ALLOW_ORIGIN = "access-control-allow-origin";

	static final String ALLOW_METHODS = "access-control-allow-methods";

	static final String ALLOW_HEADERS = "access-control-allow-headers";

	static final String ALLOW_CREDENTIALS = "access-control-allow-credentials";

	static final String EXPOSE_HEADERS = "access-control-expose-headers";

	static final String MAX_AGE = "access-control-max-age";

	private static final String PREFIX = "access-control-";

	public CorsRules {
		allowOrigins = List.copyOf(allowOrigins);
		allowHeaders = List.copyOf(allowHeaders);
		allowMethods = List.copyOf(allowMethods);
		exposeHeaders = List.copyOf(exposeHeaders);
	}

	/** The rules of an HTTP API's {@code corsConfiguration}. */
	public static CorsRules of(Cors cors) {
		return new CorsRules(cors.allowOrigins(), Boolean.TRUE.equals(cors.allowCredentials()), cors.allowHeaders(),
				cors.allowMethods(), cors.exposeHeaders(), cors.maxAge());
	}

	/** A preflight: an {@code OPTIONS} request with {@code Origin} and {@code Access-Control-Request-Method}. */
	public static boolean isPreflight(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		return HttpMethod.OPTIONS.equals(request.getMethod()) && headers.getFirst(HttpHeaders.ORIGIN) != null
				&& headers.getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
	}

	/** The {@code access-control-allow-origin} for {@code origin}; {@code null} when it is not allowed. */
	@Nullable String allowedOrigin(@Nullable String origin) {
		if (origin == null) {
			return null;
		}
		for (String allowed : this.allowOrigins) {
			if (allowed.equals("*")) {
				return this.allowCredentials ? origin : "*";
			}
			if (allowed.endsWith("*") && origin.toLowerCase(Locale.ROOT)
				.startsWith(allowed.substring(0, allowed.length() - 1).toLowerCase(Locale.ROOT))) {
				return origin;
			}
			if (allowed.equalsIgnoreCase(origin)) {
				return origin;
			}
		}
		return null;
	}

	/** The headers of a preflight's answer; none beyond the envelope when the origin is not allowed. */
	void preflight(ServerHttpRequest request, HttpHeaders response) {
		String origin = allowedOrigin(request.getHeaders().getFirst(HttpHeaders.ORIGIN));
		if (origin == null) {
			return;
		}
		response.set(ALLOW_ORIGIN, origin);
		if (!this.allowMethods.isEmpty()) {
			response.set(ALLOW_METHODS, String.join(",", this.allowMethods));
		}
		if (!this.allowHeaders.isEmpty()) {
			response.set(ALLOW_HEADERS, String.join(",", this.allowHeaders));
		}
		if (this.allowCredentials) {
			response.set(ALLOW_CREDENTIALS, "true");
		}
		if (this.maxAge != null && this.maxAge >= 0) {
			response.set(MAX_AGE, Integer.toString(this.maxAge));
		}
		addVary(response, origin);
	}

	/**
	 * The CORS headers of an actual request's response: the integration's own {@code access-control-*} headers
	 * are dropped, and the configured ones set when the request's origin is allowed.
	 */
	void actual(ServerHttpRequest request, HttpHeaders response) {
		List.copyOf(response.headerNames())
			.stream()
			.filter((name) -> name.toLowerCase(Locale.ROOT).startsWith(PREFIX))
			.forEach(response::remove);
		String origin = allowedOrigin(request.getHeaders().getFirst(HttpHeaders.ORIGIN));
		if (origin == null) {
			return;
		}
		response.set(ALLOW_ORIGIN, origin);
		if (!this.exposeHeaders.isEmpty()) {
			response.set(EXPOSE_HEADERS, String.join(",", this.exposeHeaders));
		}
		if (this.allowCredentials) {
			response.set(ALLOW_CREDENTIALS, "true");
		}
		addVary(response, origin);
	}

	private static void addVary(HttpHeaders response, String origin) {
		if (!origin.equals("*") && !response.getVary().contains(HttpHeaders.ORIGIN)) {
			response.add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
		}
	}

}
