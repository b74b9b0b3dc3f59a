package io.tollgate.admin.openapi;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.tollgate.admin.v2.ApiV2Handler;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.ModelIds;
import io.tollgate.model.v2.Api;
import io.tollgate.model.v2.ApiConfiguration;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.ProtocolType;
import io.tollgate.store.DefinitionStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The OpenAPI operations of HTTP APIs ({@code apigatewayv2}): ImportApi ({@code PUT /v2/apis}), ReimportApi
 * ({@code PUT /v2/apis/{apiId}}, replacing the API's routes, integrations, authorizers and settings from the
 * document) and ExportApi ({@code GET /v2/apis/{apiId}/exports/OAS30?outputType=JSON|YAML&stageName=
 * &includeExtensions=}). Import answers 201 with the API, its {@code warnings} included; {@code failOnWarnings=true}
 * refuses a document with warnings; the {@code basepath} option is read as {@code ignore}.
 */
public final class HttpApiOpenApiHandler implements io.tollgate.admin.AdminRoutes {

	/** The request body holds the definition as a JSON string: room for its escaping. */
	private static final int MAX_REQUEST_BYTES = OpenApiDocument.MAX_BYTES * 2;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();

	private final DefinitionStore<ApiV2Definition> store;

	private final String region;

	public HttpApiOpenApiHandler(DefinitionStore<ApiV2Definition> store, String region) {
		this.store = store;
		this.region = region;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.PUT("/v2/apis", this::importApi)
			.PUT("/v2/apis/{apiId}", this::reimportApi)
			.GET("/v2/apis/{apiId}/exports/{specification}", this::exportApi)
			.build();
	}

	private Mono<ServerResponse> importApi(ServerRequest request) {
		boolean failOnWarnings = failOnWarnings(request);
		String apiId = ModelIds.random();
		return definition(request).map((content) -> {
			OpenApiDocument document = OpenApiDocument.read(content);
			ImportProblems problems = document.problems().copy();
			Api settings = Api.of(apiId, "imported", ProtocolType.HTTP, null)
				.withCreatedDate(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
			ApiConfiguration configuration = HttpApiOpenApiReader.read(document, settings, problems);
			problems.throwIfFailed(failOnWarnings);
			return ApiV2Definition.create(configuration.api()).withConfiguration(configuration);
		})
			.flatMap((definition) -> this.store.save(definition, DefinitionStore.ABSENT))
			.flatMap((saved) -> respond(HttpStatus.CREATED, ApiV2Handler.view(saved.api(), this.region)));
	}

	private Mono<ServerResponse> reimportApi(ServerRequest request) {
		boolean failOnWarnings = failOnWarnings(request);
		String apiId = request.pathVariable("apiId");
		return definition(request).map(OpenApiDocument::read).flatMap((document) -> this.store.update(apiId, (current) -> {
			if (current.protocolType() != ProtocolType.HTTP) {
				throw ApiModelException.badRequest("Only HTTP APIs can be reimported from OpenAPI");
			}
			ImportProblems problems = document.problems().copy();
			ApiConfiguration configuration = HttpApiOpenApiReader.read(document, current.api(), problems);
			problems.throwIfFailed(failOnWarnings);
			return current.withConfiguration(configuration);
		}))
			.onErrorMap(ApiModelException.NotFound.class,
					(ex) -> ApiModelException.notFound("Invalid API identifier specified " + apiId))
			.flatMap((saved) -> respond(HttpStatus.CREATED, ApiV2Handler.view(saved.api(), this.region)));
	}

	private Mono<ServerResponse> exportApi(ServerRequest request) {
		String apiId = request.pathVariable("apiId");
		String specification = request.pathVariable("specification");
		if (!specification.equals("OAS30")) {
			throw ApiModelException.badRequest("Unsupported specification " + specification + ": must be OAS30");
		}
		String outputType = request.queryParam("outputType").orElse("");
		if (!outputType.equals("JSON") && !outputType.equals("YAML")) {
			throw ApiModelException.badRequest("Invalid outputType " + outputType + ": must be JSON or YAML");
		}
		String version = request.queryParam("exportVersion").orElse("1.0");
		if (!version.equals("1.0")) {
			throw ApiModelException.badRequest("Unsupported exportVersion " + version + ": must be 1.0");
		}
		boolean extensions = !request.queryParam("includeExtensions").map("false"::equalsIgnoreCase).orElse(false);
		String stageName = request.queryParam("stageName").filter((name) -> !name.isEmpty()).orElse(null);
		return this.store.find(apiId)
			.switchIfEmpty(Mono.error(() -> ApiModelException.notFound("Invalid API identifier specified " + apiId)))
			.flatMap((definition) -> {
				if (definition.protocolType() != ProtocolType.HTTP) {
					throw ApiModelException.badRequest("Only HTTP APIs can be exported to OpenAPI");
				}
				ApiConfiguration configuration = definition.configuration();
				if (stageName != null) {
					definition.requireStage(stageName);
					configuration = definition.deployedConfiguration(stageName)
						.orElseThrow(() -> ApiModelException.badRequest("Stage " + stageName
								+ " has no deployment to export"));
				}
				ObjectNode document = HttpApiOpenApiWriter.write(configuration, stageName, extensions, this.region);
				byte[] body = outputType.equals("YAML") ? YAML.writeValueAsBytes(document)
						: JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
				return ServerResponse.ok()
					.contentType(outputType.equals("YAML") ? MediaType.parseMediaType("application/yaml")
							: MediaType.APPLICATION_JSON)
					.bodyValue(body);
			});
	}

	private static boolean failOnWarnings(ServerRequest request) {
		return request.queryParam("failOnWarnings").map((value) -> value.toLowerCase(Locale.ROOT)).orElse("false")
			.equals("true");
	}

	/** The definition of an ImportApi or ReimportApi body ({@code {"body": "..."}}), read off the event loop. */
	private static Mono<String> definition(ServerRequest request) {
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_REQUEST_BYTES)
			.map((buffer) -> {
				try {
					return buffer.toString(StandardCharsets.UTF_8);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			})
			.defaultIfEmpty("{}")
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> ApiModelException.badRequest("The API definition file is larger than 6 MB"))
			.publishOn(Schedulers.boundedElastic())
			.map(HttpApiOpenApiHandler::bodyField);
	}

	private static String bodyField(String json) {
		JsonNode request;
		try {
			request = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw ApiModelException.badRequest("Invalid request body: " + ex.getOriginalMessage());
		}
		JsonNode body = (request != null) ? request.get("body") : null;
		if (body == null || !body.isString() || body.asString().isBlank()) {
			throw ApiModelException.badRequest("Body is required: the OpenAPI definition to import");
		}
		return body.asString();
	}

	private static Mono<ServerResponse> respond(HttpStatus status, @Nullable Object body) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(io.tollgate.admin.v2.V2Json.mapper().writeValueAsString(body));
	}

}
