package io.tollgate.model;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** The backend a method calls and how requests and responses are mapped (AWS {@code Integration}). */
public record Integration(IntegrationType type, @Nullable String httpMethod, @Nullable String uri,
		@Nullable String connectionType, @Nullable String credentials, Map<String, String> requestParameters,
		Map<String, String> requestTemplates, PassthroughBehavior passthroughBehavior,
		@Nullable String contentHandling, Integer timeoutInMillis, @Nullable String cacheNamespace,
		List<String> cacheKeyParameters, Map<String, IntegrationResponse> integrationResponses) {

	public static final int MIN_TIMEOUT_MILLIS = 50;

	private static final String REDACTED = "***";

	public static final int MAX_TIMEOUT_MILLIS = 29_000;

	/** AWS's limit on one mapping template (UTF-8 bytes). */
	public static final int MAX_TEMPLATE_BYTES = 300 * 1024;

	public Integration(IntegrationType type, @Nullable String httpMethod, @Nullable String uri,
			@Nullable String connectionType, @Nullable String credentials,
			@Nullable Map<String, String> requestParameters, @Nullable Map<String, String> requestTemplates,
			@Nullable PassthroughBehavior passthroughBehavior, @Nullable String contentHandling,
			@Nullable Integer timeoutInMillis, @Nullable String cacheNamespace,
			@Nullable List<String> cacheKeyParameters,
			@Nullable Map<String, IntegrationResponse> integrationResponses) {
		this.type = ModelChecks.require(type, "integration.type");
		this.httpMethod = (httpMethod != null) ? HttpVerbs.require(httpMethod, "integration.httpMethod") : null;
		this.uri = uri;
		if (type != IntegrationType.MOCK) {
			if (httpMethod == null) {
				throw ApiModelException.badRequest("Enumeration value for HttpMethod must be non-empty");
			}
			if (uri == null || uri.isBlank()) {
				throw ApiModelException.badRequest("Invalid integration URI specified");
			}
		}
		this.connectionType = connectionType;
		this.credentials = credentials;
		this.requestParameters = Immutables.map(requestParameters);
		this.requestTemplates = ModelChecks.templates(Immutables.map(requestTemplates));
		this.passthroughBehavior = (passthroughBehavior != null) ? passthroughBehavior
				: PassthroughBehavior.WHEN_NO_MATCH;
		this.contentHandling = contentHandling;
		// Boxed so that an absent value in a document means AWS's default rather than 0.
		int timeout = (timeoutInMillis != null) ? timeoutInMillis : MAX_TIMEOUT_MILLIS;
		if (timeout < MIN_TIMEOUT_MILLIS || timeout > MAX_TIMEOUT_MILLIS) {
			throw ApiModelException.badRequest("Timeout should be between " + MIN_TIMEOUT_MILLIS + " ms and "
					+ MAX_TIMEOUT_MILLIS + " ms");
		}
		this.timeoutInMillis = timeout;
		this.cacheNamespace = cacheNamespace;
		this.cacheKeyParameters = Immutables.list(cacheKeyParameters);
		this.integrationResponses = Immutables.map(integrationResponses);
	}

	/**
	 * The URI as operators may see it, in the gateway's route listing and logs: user info and query string values,
	 * where backends' credentials live, replaced by {@code ***}.
	 */
	public @Nullable String redactedUri() {
		return (this.uri != null) ? redact(this.uri) : null;
	}

	/** {@code uri} with its user info and query string values replaced by {@code ***}. */
	public static String redact(String uri) {
		int queryStart = uri.indexOf('?');
		String base = (queryStart < 0) ? uri : uri.substring(0, queryStart);
		StringBuilder redacted = new StringBuilder(uri.length());
		int authority = base.indexOf("://");
		int authorityEnd = (authority < 0) ? -1 : base.indexOf('/', authority + 3);
		int at = (authority < 0) ? -1 : base.lastIndexOf('@', (authorityEnd < 0) ? base.length() : authorityEnd);
		if (at > authority && authority >= 0) {
			redacted.append(base, 0, authority + 3).append(REDACTED).append(base, at, base.length());
		}
		else {
			redacted.append(base);
		}
		if (queryStart >= 0) {
			redacted.append('?');
			String[] pairs = uri.substring(queryStart + 1).split("&", -1);
			for (int i = 0; i < pairs.length; i++) {
				int equals = pairs[i].indexOf('=');
				redacted.append((i > 0) ? "&" : "")
					.append((equals < 0) ? REDACTED : pairs[i].substring(0, equals + 1) + REDACTED);
			}
		}
		return redacted.toString();
	}

}
