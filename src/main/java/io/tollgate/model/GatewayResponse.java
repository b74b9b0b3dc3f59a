package io.tollgate.model;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A customised gateway response of a REST API (AWS {@code GatewayResponse}): the status, headers and template
 * API Gateway answers with for one response type ({@code MISSING_AUTHENTICATION_TOKEN}, {@code DEFAULT_4XX}, ...).
 */
public record GatewayResponse(String responseType, @Nullable String statusCode,
		Map<String, String> responseParameters, Map<String, String> responseTemplates, boolean defaultResponse) {

	public GatewayResponse(String responseType, @Nullable String statusCode,
			@Nullable Map<String, String> responseParameters, @Nullable Map<String, String> responseTemplates,
			boolean defaultResponse) {
		this.responseType = ModelChecks.requireText(responseType, "gatewayResponse.responseType");
		this.statusCode = statusCode;
		this.responseParameters = Immutables.map(responseParameters);
		this.responseTemplates = ModelChecks.templates(Immutables.map(responseTemplates));
		this.defaultResponse = defaultResponse;
	}

}
