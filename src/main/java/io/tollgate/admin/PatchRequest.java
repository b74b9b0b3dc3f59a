package io.tollgate.admin;

import java.util.List;

import io.tollgate.model.ApiModelException;
import org.jspecify.annotations.Nullable;

/** The body of AWS's Update* calls: JSON-Patch-like operations on paths such as {@code /name}. */
public record PatchRequest(List<Operation> patchOperations) {

	public PatchRequest(@Nullable List<Operation> patchOperations) {
		this.patchOperations = (patchOperations != null) ? List.copyOf(patchOperations) : List.of();
	}

	/**
	 * One operation. {@code path} uses JSON-pointer escaping: {@code ~1} stands for {@code /} inside a segment (a
	 * resource path in a method-settings key) and {@code ~0} for {@code ~}.
	 */
	public record Operation(String op, String path, @Nullable String value, @Nullable String from) {

		public Operation {
			if (op == null || !List.of("add", "remove", "replace", "move", "copy", "test").contains(op)) {
				throw ApiModelException.badRequest("Invalid patch operation specified. Must be one of: [add, remove, "
						+ "replace, move, copy, test]");
			}
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
