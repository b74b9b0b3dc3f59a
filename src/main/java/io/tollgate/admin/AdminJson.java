package io.tollgate.admin;

import java.time.Instant;

import io.tollgate.model.ApiModelException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The JSON of the management API as AWS writes it: AWS's field names (the model's), absent and empty values left
 * out, timestamps as epoch seconds. Requests are read strictly: an unknown field is a {@code BadRequestException}.
 */
public final class AdminJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_EMPTY))
		.addModule(new SimpleModule("aws-timestamps").addSerializer(Instant.class, new EpochSecondsSerializer()))
		.build();

	private AdminJson() {
	}

	public static JsonMapper mapper() {
		return MAPPER;
	}

	/** Reads a request body as {@code type}; an empty body reads as {@code {}}. */
	public static <T> Mono<T> read(ServerRequest request, Class<T> type) {
		return request.bodyToMono(String.class).defaultIfEmpty("{}").map((body) -> parse(body, type));
	}

	public static <T> T parse(String body, Class<T> type) {
		try {
			return MAPPER.readValue(body.isBlank() ? "{}" : body, type);
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof ApiModelException invalid) {
				throw invalid;
			}
			throw ApiModelException.badRequest("Invalid request body: " + ex.getOriginalMessage());
		}
	}

	public static Mono<ServerResponse> ok(Object body) {
		return respond(HttpStatus.OK, body);
	}

	public static Mono<ServerResponse> created(Object body) {
		return respond(HttpStatus.CREATED, body);
	}

	/**
	 * 202 and no body: what AWS's service model gives most deletes and flushes (DeleteRestApi, DeleteResource,
	 * DeleteStage, FlushStageCache, ...).
	 */
	public static Mono<ServerResponse> accepted() {
		return ServerResponse.accepted().build();
	}

	/**
	 * 204 and no body: what AWS's service model gives the deletes of a method's parts (DeleteMethod,
	 * DeleteMethodResponse, DeleteIntegration and DeleteIntegrationResponse).
	 */
	public static Mono<ServerResponse> noContent() {
		return ServerResponse.noContent().build();
	}

	public static Mono<ServerResponse> respond(HttpStatus status, Object body) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(MAPPER.writeValueAsString(body));
	}

	/** Epoch seconds, with milliseconds as a fraction, as AWS's REST-JSON timestamps. */
	private static final class EpochSecondsSerializer extends ValueSerializer<Instant> {

		@Override
		public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
			generator.writeNumber(java.math.BigDecimal.valueOf(value.toEpochMilli(), 3));
		}

	}

}
