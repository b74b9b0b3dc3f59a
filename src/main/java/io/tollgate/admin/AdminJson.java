package io.tollgate.admin;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.GatewayResponse;
import io.tollgate.model.Integration;
import io.tollgate.model.MethodResponse;
import io.tollgate.usage.ApiStage;
import io.tollgate.usage.UsagePlan;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The JSON of the management API as AWS writes it: AWS's field names (the model's), absent and empty values left
 * out except the empty maps and lists AWS writes, timestamps as epoch seconds. Requests are read as AWS reads
 * them: members it does not know (sent by newer SDKs and tools) are ignored, {@code authorizationType} in any case,
 * a value outside an enum a {@code ValidationException}, a value of the wrong JSON type a
 * {@code SerializationException}; no message names a Java type.
 */
public final class AdminJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_EMPTY))
		// A plain string in AWS's model, not an enum: "none" is NONE.
		.withConfigOverride(AuthorizationType.class, (override) -> override
			.setFormat(JsonFormat.Value.empty().withFeature(JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES)))
		// The empty maps and lists AWS writes rather than leaving out.
		.addMixIn(Integration.class, AlwaysWritten.IntegrationMembers.class)
		.addMixIn(MethodResponse.class, AlwaysWritten.MethodResponseMembers.class)
		.addMixIn(GatewayResponse.class, AlwaysWritten.GatewayResponseMembers.class)
		.addMixIn(UsagePlan.class, AlwaysWritten.UsagePlanMembers.class)
		.addModule(new SimpleModule("aws-timestamps").addSerializer(Instant.class, new EpochSecondsSerializer()))
		.build();

	/** AWS's names of the resources Update* calls change, by the path segment that collects them. */
	private static final Map<String, String> UPDATED_RESOURCES = Map.ofEntries(Map.entry("restapis", "RestApi"),
			Map.entry("resources", "Resource"), Map.entry("methods", "Method"),
			Map.entry("integration", "Integration"), Map.entry("stages", "Stage"),
			Map.entry("deployments", "Deployment"), Map.entry("authorizers", "Authorizer"),
			Map.entry("models", "Model"), Map.entry("requestvalidators", "RequestValidator"),
			Map.entry("gatewayresponses", "GatewayResponse"), Map.entry("apikeys", "ApiKey"),
			Map.entry("usageplans", "UsagePlan"), Map.entry("usage", "Usage"));

	private AdminJson() {
	}

	public static JsonMapper mapper() {
		return MAPPER;
	}

	/** Reads a request body as {@code type}; an empty body reads as {@code {}}. */
	public static <T> Mono<T> read(ServerRequest request, Class<T> type) {
		return request.bodyToMono(String.class).defaultIfEmpty("{}").map((body) -> {
			T read = parse(body, type);
			if (read instanceof PatchRequest patch) {
				patch.requireKnownOperations(updateInput(request));
			}
			return read;
		});
	}

	/**
	 * The input name of the Update* call a request is ({@code updateMethodResponseInput}), from the literal
	 * segments of the path it matched: the last names the resource, {@code responses} a response of it.
	 */
	private static String updateInput(ServerRequest request) {
		String pattern = request.attribute(RouterFunctions.MATCHING_PATTERN_ATTRIBUTE)
			.map(Object::toString)
			.orElse(request.path());
		String resource = "";
		for (String segment : pattern.split("/")) {
			if (segment.equals("responses")) {
				resource = resource + "Response";
			}
			else {
				resource = UPDATED_RESOURCES.getOrDefault(segment, resource);
			}
		}
		return "update" + resource + "Input";
	}

	public static <T> T parse(String body, Class<T> type) {
		try {
			return MAPPER.readValue(body.isBlank() ? "{}" : body, type);
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof ApiModelException invalid) {
				throw invalid;
			}
			throw refusal(ex, type);
		}
	}

	/** AWS's answer to a body it cannot read into {@code type}, in its words rather than Jackson's. */
	private static ApiModelException refusal(JacksonException ex, Class<?> type) {
		String at = memberPath(ex, type);
		if (ex instanceof InvalidFormatException invalid && invalid.getTargetType() != null
				&& invalid.getTargetType().isEnum()) {
			return ValidationErrors.enumValue(String.valueOf(invalid.getValue()), at,
					Arrays.stream(invalid.getTargetType().getEnumConstants()).map(String::valueOf).toList());
		}
		if (ex instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
			return ApiModelException.of(400, "SerializationException",
					(at.isEmpty() ? "Invalid request body" : "Invalid value at '" + at + "'") + ": expected "
							+ jsonKind(mismatched.getTargetType()));
		}
		if (ex instanceof StreamReadException) {
			return ApiModelException.of(400, "SerializationException", "Malformed JSON: " + ex.getOriginalMessage());
		}
		return ApiModelException.badRequest("Invalid request body");
	}

	/**
	 * Where in the input a member is, as AWS's validation names it: {@code putIntegrationInput.type} for member
	 * {@code type} of the body record {@code PutIntegrationRequest}.
	 */
	private static String memberPath(JacksonException ex, Class<?> type) {
		StringJoiner path = new StringJoiner(".");
		String name = type.getSimpleName();
		if (name.endsWith("Request") && !name.equals("PatchRequest")) {
			path.add(Character.toLowerCase(name.charAt(0)) + name.substring(1, name.length() - "Request".length())
					+ "Input");
		}
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.add(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.add(String.valueOf(reference.getIndex() + 1));
			}
		}
		return path.toString();
	}

	private static String jsonKind(Class<?> type) {
		if (type == String.class || type.isEnum()) {
			return "a string";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "a boolean";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "a list";
		}
		return "an object";
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

	/**
	 * Members AWS writes even when empty, such as {@code cacheKeyParameters: []}, {@code responseParameters: {}} and
	 * {@code apiStages: []}.
	 */
	private static final class AlwaysWritten {

		abstract static class IntegrationMembers {

			@JsonInclude(JsonInclude.Include.ALWAYS)
			abstract List<String> cacheKeyParameters();

		}

		abstract static class MethodResponseMembers {

			@JsonInclude(JsonInclude.Include.ALWAYS)
			abstract Map<String, Boolean> responseParameters();

			@JsonInclude(JsonInclude.Include.ALWAYS)
			abstract Map<String, String> responseModels();

		}

		abstract static class GatewayResponseMembers {

			@JsonInclude(JsonInclude.Include.ALWAYS)
			abstract Map<String, String> responseParameters();

		}

		abstract static class UsagePlanMembers {

			@JsonInclude(JsonInclude.Include.ALWAYS)
			abstract List<ApiStage> apiStages();

		}

	}

	/** Epoch seconds, with milliseconds as a fraction, as AWS's REST-JSON timestamps. */
	private static final class EpochSecondsSerializer extends ValueSerializer<Instant> {

		@Override
		public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
			generator.writeNumber(java.math.BigDecimal.valueOf(value.toEpochMilli(), 3));
		}

	}

}
