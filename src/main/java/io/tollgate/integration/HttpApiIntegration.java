package io.tollgate.integration;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP API route's integration as its step needs it (aws-behavior-v2 §A.1.4), independent of how the model
 * stores it.
 *
 * @param type {@code HTTP_PROXY} or {@code AWS_PROXY}
 * @param uri the backend URL or the Lambda function (ARN or invocation URI)
 * @param method the verb an {@code HTTP_PROXY} backend is called with; {@code ANY} or {@code null} forwards the
 * client's
 * @param payloadFormatVersion {@code 1.0} or {@code 2.0} (Lambda)
 * @param timeoutInMillis 50 to 30,000
 * @param requestParameters {@code overwrite:header.x} and the like
 * @param responseParameters mappings by the integration's status code
 */
public record HttpApiIntegration(String type, String uri, @Nullable String method, String payloadFormatVersion,
		int timeoutInMillis, Map<String, String> requestParameters,
		Map<String, Map<String, String>> responseParameters) {

	public static final String HTTP_PROXY = "HTTP_PROXY";

	public static final String AWS_PROXY = "AWS_PROXY";

	/** HTTP APIs' default and longest integration timeout. */
	public static final int MAX_TIMEOUT_MILLIS = 30_000;

	public HttpApiIntegration {
		requestParameters = Map.copyOf(requestParameters);
		responseParameters = Map.copyOf(responseParameters);
		timeoutInMillis = (timeoutInMillis <= 0) ? MAX_TIMEOUT_MILLIS : Math.min(timeoutInMillis, MAX_TIMEOUT_MILLIS);
	}

}
