package io.tollgate.admin.openapi;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import io.tollgate.admin.AdminApis;
import io.tollgate.admin.AdminJson;
import io.tollgate.admin.AdminRoutes;
import io.tollgate.admin.RestApiRepresentation;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Deployment;
import io.tollgate.model.ModelIds;
import io.tollgate.model.Stage;
import io.tollgate.store.ApiStore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * ImportRestApi ({@code POST /restapis?mode=import}), PutRestApi ({@code PUT /restapis/{id}?mode=merge|overwrite})
 * and GetExport ({@code GET /restapis/{id}/stages/{stage}/exports/{oas30|swagger}}).
 */
public final class OpenApiHandler implements AdminRoutes, Ordered {

	/** Before the REST API routes, whose {@code POST /restapis} would take an import for a CreateRestApi. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	private static final MediaType APPLICATION_YAML = MediaType.parseMediaType("application/yaml");

	private static final List<MediaType> YAML_TYPES = List.of(APPLICATION_YAML,
			MediaType.parseMediaType("application/x-yaml"), MediaType.parseMediaType("text/yaml"));

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final YAMLMapper YAML = YAMLMapper.builder()
		.disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
		.build();

	private final ApiStore store;

	private final String region;

	public OpenApiHandler(ApiStore store, String region) {
		this.store = store;
		this.region = region;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/restapis", RequestPredicates.queryParam("mode", "import"::equals), this::importApi)
			.PUT("/restapis/{restApiId}", this::putApi)
			.GET("/restapis/{restApiId}/stages/{stageName}/exports/{exportType}", this::export)
			.build();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	private Mono<ServerResponse> importApi(ServerRequest request) {
		ImportOptions options = ImportOptions.forImport(request);
		String apiId = ModelIds.random();
		return definition(request).map((content) -> OpenApiReader.read(OpenApiDocument.read(content), options, apiId))
			.flatMap((imported) -> this.store.save(imported.create(apiId), ApiStore.ABSENT)
				.flatMap((saved) -> AdminJson.created(result(saved, imported))));
	}

	/** As on AWS, the document is checked before the API it names is looked up. */
	private Mono<ServerResponse> putApi(ServerRequest request) {
		ImportOptions options = ImportOptions.forPut(request);
		return definition(request)
			.map((content) -> OpenApiReader.read(OpenApiDocument.read(content), options,
					request.pathVariable("restApiId")))
			.flatMap((imported) -> AdminApis.update(this.store, request, imported::applyTo)
				.flatMap((saved) -> AdminJson.ok(result(saved, imported))));
	}

	private Mono<ServerResponse> export(ServerRequest request) {
		ExportOptions options = ExportOptions.of(request.pathVariable("exportType"),
				request.queryParam("extensions").orElse(null));
		boolean yaml = acceptsYaml(request);
		String stageName = request.pathVariable("stageName");
		// As AWS answers: a download named after the type and the API's version.
		return AdminApis.require(this.store, request).flatMap((api) -> {
			Deployment deployment = deployment(api, stageName);
			return ServerResponse.ok()
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment()
							// The version is the caller's text: no control character reaches the header.
							.filename(options.type().name().toLowerCase(Locale.ROOT) + "_"
									+ OpenApiWriter.version(deployment).replaceAll("\\p{Cntrl}", "")
									+ (yaml ? ".yaml" : ".json"))
							.build()
							.toString())
				.bodyValue(exported(api.id(), stageName, deployment, options, yaml));
		});
	}

	private static Deployment deployment(ApiDefinition api, String stageName) {
		Stage stage = api.stage(stageName)
			.orElseThrow(() -> ApiModelException.notFound("Invalid stage identifier specified"));
		return api.requireDeployment(stage.deploymentId());
	}

	/** The stage's deployment, written out. */
	private byte[] exported(String apiId, String stageName, Deployment deployment, ExportOptions options,
			boolean yaml) {
		ObjectNode document = new OpenApiWriter(options, this.region).write(apiId, stageName, deployment);
		return yaml ? YAML.writeValueAsBytes(document)
				: JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
	}

	/** The request body, read off the event loop: parsing a definition of up to 6 MB takes a while. */
	private static Mono<String> definition(ServerRequest request) {
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), OpenApiDocument.MAX_BYTES)
			.map((buffer) -> {
				try {
					return buffer.toString(StandardCharsets.UTF_8);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			})
			.defaultIfEmpty("")
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> ApiModelException.badRequest("The API definition file is larger than 6 MB"))
			.publishOn(Schedulers.boundedElastic());
	}

	/** The RestApi, with the import's warnings, as API Gateway answers imports. */
	private static ObjectNode result(ApiDefinition saved, ImportedApi imported) {
		ObjectNode body = RestApiRepresentation.of(saved);
		if (!imported.warnings().isEmpty()) {
			imported.warnings().forEach(body.putArray("warnings")::add);
		}
		return body;
	}

	private static boolean acceptsYaml(ServerRequest request) {
		for (MediaType accepted : request.headers().accept()) {
			if (YAML_TYPES.stream().anyMatch((type) -> type.equalsTypeAndSubtype(accepted))) {
				return true;
			}
			if (accepted.isCompatibleWith(MediaType.APPLICATION_JSON)) {
				return false;
			}
		}
		if (!request.headers().accept().isEmpty()) {
			throw ApiModelException.badRequest("Unsupported Accept type: " + request.headers().accept()
					+ ". Must be one of: [application/json, application/yaml]");
		}
		return false;
	}

}
