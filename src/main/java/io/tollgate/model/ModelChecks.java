package io.tollgate.model;

import org.jspecify.annotations.Nullable;

/** Argument checks of the model records, failing with AWS's {@code BadRequestException}. */
final class ModelChecks {

	private ModelChecks() {
	}

	static String requireText(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			throw ApiModelException.badRequest("Invalid " + field + ": a value is required");
		}
		return value;
	}

	static <T> T require(@Nullable T value, String field) {
		if (value == null) {
			throw ApiModelException.badRequest("Invalid " + field + ": a value is required");
		}
		return value;
	}

}
