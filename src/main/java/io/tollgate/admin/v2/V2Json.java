package io.tollgate.admin.v2;

import io.tollgate.model.ApiModelException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The JSON of the v2 management API: lowerCamel keys (the records' names), timestamps as ISO-8601 strings (v1 uses
 * epoch seconds), absent values left out. Requests are read strictly: an unknown field is a
 * {@code BadRequestException}.
 */
public final class V2Json {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	private V2Json() {
	}

	public static JsonMapper mapper() {
		return MAPPER;
	}

	/** Reads a request body as {@code type}; an empty body reads as {@code {}}. */
	public static <T> Mono<T> read(ServerRequest request, Class<T> type) {
		return request.bodyToMono(String.class).defaultIfEmpty("{}").map((body) -> {
			try {
				return MAPPER.readValue(body.isBlank() ? "{}" : body, type);
			}
			catch (JacksonException ex) {
				if (ex.getCause() instanceof ApiModelException invalid) {
					throw invalid;
				}
				throw ApiModelException.badRequest("Invalid request body: " + ex.getOriginalMessage());
			}
		});
	}

	public static Mono<ServerResponse> ok(Object body) {
		return respond(HttpStatus.OK, body);
	}

	/** Create* answers 201. */
	public static Mono<ServerResponse> created(Object body) {
		return respond(HttpStatus.CREATED, body);
	}

	/** Delete* answers 204 without a body (v1 answers 202). */
	public static Mono<ServerResponse> noContent() {
		return ServerResponse.noContent().build();
	}

	private static Mono<ServerResponse> respond(HttpStatus status, Object body) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(MAPPER.writeValueAsString(body));
	}

}
