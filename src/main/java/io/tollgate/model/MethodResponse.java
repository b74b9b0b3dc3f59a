package io.tollgate.model;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/** A status a method may answer with, and the headers it may carry (AWS {@code MethodResponse}). */
public record MethodResponse(String statusCode, Map<String, Boolean> responseParameters,
		Map<String, String> responseModels) {

	public MethodResponse(String statusCode, @Nullable Map<String, Boolean> responseParameters,
			@Nullable Map<String, String> responseModels) {
		this.statusCode = ModelChecks.requireText(statusCode, "methodResponse.statusCode");
		this.responseParameters = Immutables.map(responseParameters);
		this.responseModels = Immutables.map(responseModels);
	}

}
