package io.tollgate.store;

import org.jspecify.annotations.Nullable;

/** A format of definition files besides the model's own ({@link ApiDocument}), such as OpenAPI. */
@FunctionalInterface
public interface DefinitionFormat {

	/**
	 * Reads {@code content} when it is in this format.
	 * @param fileName the file's name, for formats that take the API's id from it
	 * @return {@code null} when the content is not in this format
	 * @throws io.tollgate.model.ApiModelException.BadRequest when it is, but is invalid
	 */
	@Nullable DefinitionFile read(String fileName, String content);

}
