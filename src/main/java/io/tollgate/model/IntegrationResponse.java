package io.tollgate.model;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How a backend outcome maps to a method response (AWS {@code IntegrationResponse}): chosen by
 * {@code selectionPattern}, a regular expression on the backend status (HTTP, MOCK) or Lambda error message; the
 * response without a pattern is the default.
 */
public record IntegrationResponse(String statusCode, @Nullable String selectionPattern,
		Map<String, String> responseParameters, Map<String, String> responseTemplates,
		@Nullable String contentHandling) {

	public IntegrationResponse(String statusCode, @Nullable String selectionPattern,
			@Nullable Map<String, String> responseParameters, @Nullable Map<String, String> responseTemplates,
			@Nullable String contentHandling) {
		this.statusCode = ModelChecks.requireText(statusCode, "integrationResponse.statusCode");
		this.selectionPattern = selectionPattern;
		this.responseParameters = Immutables.map(responseParameters);
		this.responseTemplates = ModelChecks.templates(Immutables.map(responseTemplates));
		this.contentHandling = contentHandling;
	}

	public boolean isDefault() {
		return this.selectionPattern == null || this.selectionPattern.isEmpty();
	}

}
