package io.tollgate.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.tollgate.model.ApiModelException;
import org.jspecify.annotations.Nullable;

/**
 * AWS's patch semantics for the fields of resources, methods and integrations: {@code replace} (and {@code remove}
 * where a field may be absent) on scalars such as {@code /uri}, and {@code add}/{@code replace}/{@code remove} on
 * map entries named by the rest of the path, such as {@code /requestTemplates/application~1json}.
 */
final class ResourcePatches {

	private ResourcePatches() {
	}

	/** The value of a field that must stay set: only {@code replace} applies. */
	static String required(PatchRequest.Operation operation) {
		if (!operation.op().equals("replace")) {
			throw operation.unsupported();
		}
		return operation.requireValue();
	}

	/** The new value of a field that may be absent: {@code replace} sets it, {@code remove} clears it. */
	static @Nullable String optional(PatchRequest.Operation operation) {
		return switch (operation.op()) {
			case "replace" -> operation.value();
			case "remove" -> null;
			default -> throw operation.unsupported();
		};
	}

	/** Whether the path is {@code /{field}/{key}}, a map entry of {@code field}. */
	static boolean isEntryOf(List<String> path, String field) {
		return path.size() >= 2 && path.get(0).equals(field);
	}

	/** Applies an operation to a string entry, such as a request template; {@code add} must carry the value. */
	static void patchText(Map<String, String> map, PatchRequest.Operation operation) {
		patchEntry(map, operation, (value) -> operation.requireValue());
	}

	/** Applies an operation to a flag entry, such as whether a parameter is required; absent means {@code false}. */
	static void patchFlag(Map<String, Boolean> map, PatchRequest.Operation operation) {
		patchEntry(map, operation, (value) -> (value != null) && parseBoolean(operation, value));
	}

	/** Adds or removes a list element named by the rest of the path, such as a cache key parameter. */
	static void patchElement(List<String> list, PatchRequest.Operation operation) {
		String element = key(operation);
		switch (operation.op()) {
			case "add" -> {
				if (!list.contains(element)) {
					list.add(element);
				}
			}
			case "remove" -> list.remove(element);
			default -> throw operation.unsupported();
		}
	}

	private static <V> void patchEntry(Map<String, V> map, PatchRequest.Operation operation,
			Function<@Nullable String, V> value) {
		String key = key(operation);
		switch (operation.op()) {
			case "add", "replace" -> map.put(key, value.apply(operation.value()));
			case "remove" -> map.remove(key);
			default -> throw operation.unsupported();
		}
	}

	/** The key a path names after its field; an unescaped {@code /} (as in a content type) stays part of it. */
	private static String key(PatchRequest.Operation operation) {
		List<String> segments = operation.segments();
		String key = String.join("/", segments.subList(1, segments.size()));
		if (key.isEmpty()) {
			throw operation.unsupported();
		}
		return key;
	}

	static boolean parseBoolean(PatchRequest.Operation operation, String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw ApiModelException.badRequest("Invalid boolean value '" + value + "' specified for path '"
					+ operation.path() + "'");
		};
	}

	static int parseInt(PatchRequest.Operation operation, String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw ApiModelException.badRequest("Invalid integer value '" + value + "' specified for path '"
					+ operation.path() + "'");
		}
	}

	/** An enum constant by its AWS name; an unknown name is a {@code BadRequestException}. */
	static <E extends Enum<E>> E parseEnum(PatchRequest.Operation operation, Class<E> type, String value) {
		try {
			return Enum.valueOf(type, value);
		}
		catch (IllegalArgumentException ex) {
			throw ApiModelException.badRequest("Invalid value '" + value + "' specified for path '"
					+ operation.path() + "'");
		}
	}

}
