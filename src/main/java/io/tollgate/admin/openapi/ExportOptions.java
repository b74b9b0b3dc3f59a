package io.tollgate.admin.openapi;

import java.util.Locale;

import io.tollgate.model.ApiModelException;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GetExport} writes: the export type ({@code oas30} or {@code swagger}) and the extensions its
 * {@code extensions} parameter asks for. {@code apigateway} means every {@code x-amazon-apigateway-*} extension;
 * {@code integrations} and {@code authorizers} a part of them; {@code postman} is accepted and adds nothing.
 */
record ExportOptions(Type type, boolean integrations, boolean authorizers, boolean apigateway) {

	/** The export types API Gateway offers for REST APIs. */
	enum Type {

		OAS30, SWAGGER

	}

	/**
	 * @throws ApiModelException.BadRequest for an export type API Gateway does not offer
	 */
	static ExportOptions of(String exportType, @Nullable String extensions) {
		Type type = switch (exportType.toLowerCase(Locale.ROOT)) {
			case "oas30" -> Type.OAS30;
			case "swagger" -> Type.SWAGGER;
			default -> throw ApiModelException
				.badRequest("Invalid export type specified: " + exportType + ". Must be one of: [oas30, swagger]");
		};
		boolean integrations = false;
		boolean authorizers = false;
		boolean apigateway = false;
		if (extensions != null) {
			for (String extension : extensions.split(",")) {
				switch (extension.trim().toLowerCase(Locale.ROOT)) {
					case "integrations" -> integrations = true;
					case "authorizers" -> authorizers = true;
					case "apigateway" -> apigateway = true;
					default -> {
						// 'postman' and unknown values add nothing.
					}
				}
			}
		}
		return new ExportOptions(type, integrations || apigateway, authorizers || apigateway, apigateway);
	}

}
