package io.tollgate.admin.openapi;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.EndpointConfiguration;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * How a definition is imported, from the query of {@code ImportRestApi} and {@code PutRestApi}: the mode,
 * {@code failonwarnings}, and the {@code parameters} map the SDKs send as query parameters ({@code basepath},
 * {@code endpointConfigurationTypes}; {@code ignore=documentation} is accepted and has nothing to ignore).
 */
record ImportOptions(Mode mode, boolean failOnWarnings, BasePath basePath,
		@Nullable List<String> endpointConfigurationTypes) {

	/** A new API, or what a definition does to an existing one. */
	enum Mode {

		/** {@code POST /restapis?mode=import}: a new API. */
		IMPORT,

		/** The definition's paths and components are added, replacing those it redefines; the rest is kept. */
		MERGE,

		/** The definition replaces the API's resources, methods and components. */
		OVERWRITE

	}

	/** What becomes of the definition's base path (Swagger's {@code basePath}, OpenAPI 3's first server). */
	enum BasePath {

		/** Left out of the resource paths. */
		IGNORE,

		/** Prepended to every resource path. */
		PREPEND,

		/** Its first part taken as a stage name and dropped, the rest prepended. */
		SPLIT

	}

	static ImportOptions forImport(ServerRequest request) {
		return from(request, Mode.IMPORT);
	}

	static ImportOptions forPut(ServerRequest request) {
		String mode = request.queryParam("mode").orElse("merge");
		return switch (mode.toLowerCase(Locale.ROOT)) {
			case "merge" -> from(request, Mode.MERGE);
			case "overwrite" -> from(request, Mode.OVERWRITE);
			default -> throw ApiModelException
				.badRequest("Invalid mode specified: " + mode + ". Must be one of: [merge, overwrite]");
		};
	}

	private static ImportOptions from(ServerRequest request, Mode mode) {
		boolean failOnWarnings = Boolean.parseBoolean(request.queryParam("failonwarnings").orElse("false"));
		String basePath = request.queryParam("basepath").orElse("ignore");
		BasePath base = switch (basePath.toLowerCase(Locale.ROOT)) {
			case "ignore" -> BasePath.IGNORE;
			case "prepend" -> BasePath.PREPEND;
			case "split" -> BasePath.SPLIT;
			default -> throw ApiModelException.badRequest(
					"Invalid basepath specified: " + basePath + ". Must be one of: [ignore, prepend, split]");
		};
		List<String> types = request.queryParam("endpointConfigurationTypes")
			.map((value) -> Arrays.stream(value.split(","))
				.map((type) -> type.trim().toUpperCase(Locale.ROOT))
				.filter((type) -> !type.isEmpty())
				.toList())
			.orElse(null);
		if (types != null) {
			for (String type : types) {
				if (!EndpointConfiguration.TYPES.contains(type)) {
					throw ApiModelException.badRequest("Invalid endpoint configuration type specified: " + type
							+ ". Must be one of: [EDGE, REGIONAL, PRIVATE]");
				}
			}
		}
		return new ImportOptions(mode, failOnWarnings, base, types);
	}

	/** The prefix the resource paths get from the definition's base path ({@code ""} for none). */
	String prefix(@Nullable String definitionBasePath) {
		if (definitionBasePath == null || this.basePath == BasePath.IGNORE) {
			return "";
		}
		List<String> parts = Arrays.stream(definitionBasePath.split("/")).filter((part) -> !part.isEmpty()).toList();
		if (this.basePath == BasePath.SPLIT) {
			parts = parts.isEmpty() ? parts : parts.subList(1, parts.size());
		}
		return parts.isEmpty() ? "" : "/" + String.join("/", parts);
	}

}
