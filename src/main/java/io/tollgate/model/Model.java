package io.tollgate.model;

import org.jspecify.annotations.Nullable;

/** A JSON schema of a payload, by name (AWS {@code Model}). */
public record Model(String id, String name, @Nullable String description, @Nullable String schema,
		String contentType) {

	public Model {
		ModelIds.requireId(id, "model.id");
		ModelChecks.requireText(name, "model.name");
		ModelChecks.requireText(contentType, "model.contentType");
	}

}
