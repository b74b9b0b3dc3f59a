package io.tollgate.model;

/** What a method validates before calling its integration (AWS {@code RequestValidator}). */
public record RequestValidator(String id, String name, boolean validateRequestBody,
		boolean validateRequestParameters) {

	public RequestValidator {
		ModelIds.requireId(id, "requestValidator.id");
		ModelChecks.requireText(name, "requestValidator.name");
	}

}
