package io.tollgate.admin.openapi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tollgate.model.ApiModelException;

/**
 * The errors and warnings of one import, reported as AWS reports them: errors (an invalid document, a resource or
 * method the model refuses) fail the import, warnings (parse issues, ignored parts) are returned with the result,
 * or fail it too when the caller asked for {@code failonwarnings}.
 */
final class ImportProblems {

	private final List<String> errors = new ArrayList<>();

	/** In order, each once: a parse issue of every operation must not cost a scan of those before it. */
	private final Set<String> warnings = new LinkedHashSet<>();

	/** The failure of an import whose document cannot be read at all. */
	static ApiModelException invalid(String error) {
		return ApiModelException.badRequest("Errors found during import:\n\t" + error);
	}

	void error(String message) {
		this.errors.add(message);
	}

	void warning(String message) {
		this.warnings.add(message);
	}

	List<String> errors() {
		return List.copyOf(this.errors);
	}

	List<String> warnings() {
		return List.copyOf(this.warnings);
	}

	/** A copy to add to, so that a retried change does not report the same problem twice. */
	ImportProblems copy() {
		ImportProblems copy = new ImportProblems();
		copy.errors.addAll(this.errors);
		copy.warnings.addAll(this.warnings);
		return copy;
	}

	/** @throws ApiModelException.BadRequest listing the problems, when there are errors (or warnings that fail) */
	void throwIfFailed(boolean failOnWarnings) {
		if (!this.errors.isEmpty()) {
			StringBuilder message = new StringBuilder("Errors found during import:");
			this.errors.forEach((error) -> message.append("\n\t").append(error));
			if (!this.warnings.isEmpty()) {
				message.append("\nAdditionally, these warnings were found:");
				this.warnings.forEach((warning) -> message.append("\n\t").append(warning));
			}
			throw ApiModelException.badRequest(message.toString());
		}
		if (failOnWarnings && !this.warnings.isEmpty()) {
			StringBuilder message = new StringBuilder("Warnings found during import:");
			this.warnings.forEach((warning) -> message.append("\n\t").append(warning));
			throw ApiModelException.badRequest(message.toString());
		}
	}

}
