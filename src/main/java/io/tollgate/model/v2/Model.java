package io.tollgate.model.v2;

import io.tollgate.model.ModelChecks;
import io.tollgate.model.ModelIds;
import org.jspecify.annotations.Nullable;

/** A JSON schema a WebSocket API validates messages against (AWS {@code Model}). */
public record Model(String modelId, String name, @Nullable String contentType, @Nullable String description,
		@Nullable String schema) {

	public Model {
		ModelIds.requireId(modelId, "modelId");
		ModelChecks.requireText(name, "name");
	}

}
