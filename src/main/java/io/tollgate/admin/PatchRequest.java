package io.tollgate.admin;

import java.util.List;

import io.tollgate.model.ApiModelException;
import org.jspecify.annotations.Nullable;

/** The body of AWS's Update* calls: JSON-Patch-like operations on paths such as {@code /name}. */
public record PatchRequest(List<Operation> patchOperations) {

	/** The operations of AWS's model, in the order its validation lists them. */
	static final List<String> OPS = List.of("add", "remove", "move", "test", "replace", "copy");

	public PatchRequest(@Nullable List<Operation> patchOperations) {
		this.patchOperations = (patchOperations != null) ? List.copyOf(patchOperations) : List.of();
	}

	/**
	 * Refuses operations outside AWS's enum as AWS does, with one {@code ValidationException} naming each by its
	 * place ({@code updateRestApiInput.patchOperations.1.member.op}).
	 * @param input the name of the call's input, such as {@code updateRestApiInput}
	 */
	PatchRequest requireKnownOperations(String input) {
		ValidationErrors errors = new ValidationErrors();
		for (int i = 0; i < this.patchOperations.size(); i++) {
			String op = this.patchOperations.get(i).op();
			if (!OPS.contains(op)) {
				errors.addEnumValue(String.valueOf(op), input + ".patchOperations." + (i + 1) + ".member.op", OPS);
			}
		}
		errors.throwIfAny();
		return this;
	}

	/**
	 * One operation. {@code path} uses JSON-pointer escaping: {@code ~1} stands for {@code /} inside a segment (a
	 * resource path in a method-settings key) and {@code ~0} for {@code ~}.
	 */
	public record Operation(String op, String path, @Nullable String value, @Nullable String from) {

		public Operation {
			// An op outside the enum is refused with the others by requireKnownOperations, as AWS does.
			if (path == null || !path.startsWith("/")) {
				throw ApiModelException.badRequest("Invalid patch path " + path);
			}
		}

		/** The path's segments, unescaped. */
		public List<String> segments() {
			return java.util.Arrays.stream(this.path.substring(1).split("/", -1))
				.map((segment) -> segment.replace("~1", "/").replace("~0", "~"))
				.toList();
		}

		public String requireValue() {
			if (this.value == null) {
				throw ApiModelException.badRequest("Invalid patch operation: " + this.op + " " + this.path
						+ " needs a value");
			}
			return this.value;
		}

		public ApiModelException unsupported() {
			return ApiModelException.badRequest("Invalid patch path '" + this.path + "' specified for op '" + this.op
					+ "'. Must be one of the supported paths.");
		}

	}

}
