package io.tollgate.store;

import io.tollgate.model.ApiDefinition;
import org.jspecify.annotations.Nullable;

/** One API as a definition file declares it, whatever the file's format. */
public interface DefinitionFile {

	/** The id of the API the file defines. */
	String apiId();

	/**
	 * The file applied to the stored API, or to a new one when {@code current} is {@code null}; {@code current}
	 * itself when the file is applied there already.
	 * @throws io.tollgate.model.ApiModelException.BadRequest when the result would be invalid
	 */
	ApiDefinition applyTo(@Nullable ApiDefinition current);

}
