package io.tollgate.model;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Argument checks of the model records, failing with AWS's {@code BadRequestException}. */
public final class ModelChecks {

	private ModelChecks() {
	}

	public static String requireText(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			throw ApiModelException.badRequest("Invalid " + field + ": a value is required");
		}
		return value;
	}

	/** Mapping templates within AWS's size limit ({@link Integration#MAX_TEMPLATE_BYTES}), by content type. */
	public static Map<String, String> templates(Map<String, String> templates) {
		templates.forEach((contentType, template) -> {
			if (template != null && template.getBytes(StandardCharsets.UTF_8).length > Integration.MAX_TEMPLATE_BYTES) {
				throw ApiModelException.badRequest("Mapping template for content type '" + contentType
						+ "' is larger than the limit of " + (Integration.MAX_TEMPLATE_BYTES / 1024) + " KB");
			}
		});
		return templates;
	}

	public static <T> T require(@Nullable T value, String field) {
		if (value == null) {
			throw ApiModelException.badRequest("Invalid " + field + ": a value is required");
		}
		return value;
	}

}
