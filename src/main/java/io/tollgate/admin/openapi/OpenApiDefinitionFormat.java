package io.tollgate.admin.openapi;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ModelIds;
import io.tollgate.model.Stage;
import io.tollgate.store.DefinitionFile;
import io.tollgate.store.DefinitionFormat;
import org.jspecify.annotations.Nullable;

/**
 * OpenAPI 3.0 and Swagger 2.0 definition files with API Gateway's {@code x-amazon-apigateway-*} extensions, read
 * by the same importer as ImportRestApi. What {@code aws apigateway get-export} writes is served as on AWS: the API
 * id is taken from the server URL ({@code https://{id}.execute-api.{region}.amazonaws.com/{stage}}), or else from
 * the file's name; the stage is the first part of the base path, the rest of it prepended to the resource paths
 * (the import's {@code basepath=split}). Without a base path the API is stored, not deployed.
 */
public final class OpenApiDefinitionFormat implements DefinitionFormat {

	private static final Pattern OPENAPI_KEY = Pattern
		.compile("^\\s*(?:\\{\\s*)?[\"']?(?:openapi|swagger)[\"']?\\s*:", Pattern.MULTILINE);

	private static final Pattern EXECUTE_API_HOST = Pattern
		.compile("^[A-Za-z][A-Za-z0-9+.-]*://([a-z0-9]+)\\.execute-api\\.");

	@Override
	public @Nullable DefinitionFile read(String fileName, String content) {
		if (!OPENAPI_KEY.matcher(content).find()) {
			return null;
		}
		OpenApiDocument document = OpenApiDocument.read(content);
		String stage = stage(document.basePath(new ImportProblems()));
		return new OpenApiFile(apiId(document, fileName), stage, content);
	}

	private static String apiId(OpenApiDocument document, String fileName) {
		String url = document.serverUrl();
		if (url != null) {
			Matcher host = EXECUTE_API_HOST.matcher(url);
			if (host.find()) {
				return host.group(1);
			}
		}
		String base = fileName.replaceFirst("\\.(ya?ml|json)$", "").toLowerCase(Locale.ROOT);
		return base.replaceAll("[^a-z0-9_-]", "");
	}

	private static @Nullable String stage(@Nullable String basePath) {
		if (basePath == null) {
			return null;
		}
		for (String part : basePath.split("/")) {
			if (!part.isBlank()) {
				return part;
			}
		}
		return null;
	}

	/** One OpenAPI file: imported as a whole (overwriting the API's resources) and deployed to its stage. */
	private record OpenApiFile(String apiId, @Nullable String stage, String content) implements DefinitionFile {

		@Override
		public ApiDefinition applyTo(@Nullable ApiDefinition current) {
			String deploymentId = ModelIds.derived(this.apiId + ":" + this.content);
			if (current != null && this.stage != null && current.stage(this.stage)
				.map((served) -> served.deploymentId().equals(deploymentId))
				.orElse(false)) {
				return current;
			}
			ImportOptions options = new ImportOptions(
					(current != null) ? ImportOptions.Mode.OVERWRITE : ImportOptions.Mode.IMPORT, false,
					ImportOptions.BasePath.SPLIT, null);
			ImportedApi imported = OpenApiReader.read(OpenApiDocument.read(this.content), options, this.apiId);
			ApiDefinition result = (current != null) ? imported.applyTo(current) : imported.create(this.apiId);
			if (this.stage != null) {
				if (!result.deployments().containsKey(deploymentId)) {
					result = result.withDeployment(deploymentId, "Deployed from a definition file");
				}
				Stage existing = result.stages().get(this.stage);
				result = result.withStage((existing != null) ? existing.withDeployment(deploymentId)
						: Stage.of(this.stage, deploymentId, null));
			}
			return result.withVersion((current != null) ? current.version() + 1 : 0);
		}

	}

}
