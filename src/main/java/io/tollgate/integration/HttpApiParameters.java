package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.jayway.jsonpath.JsonPath;
import io.tollgate.mapping.ParameterExpression;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.response.HeaderValues;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * An HTTP API integration's parameter mappings (aws-behavior-v2 §A.5.2, §A.5.3), compiled once: request mappings
 * {@code append|overwrite|remove:header.{name}}, {@code append|overwrite|remove:querystring.{name}} and
 * {@code overwrite:path}, and response mappings per integration status ({@code append|overwrite|remove:header.{name}},
 * {@code overwrite:statuscode}). Mappings onto headers API Gateway reserves are never applied. Every value bound for
 * a header or the request line is checked for CR, LF and NUL ({@link HeaderValues}).
 */
final class HttpApiParameters {

	/** JSONPath in mappings reads at most this much of a body (AWS truncates to 100 KB first). */
	static final int MAX_BODY_CHARS = 100 * 1024;

	/** Headers mappings may not touch (D-PMAP); {@code access-control-*}, {@code apigw-*}, {@code x-amz*} too. */
	private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "connection", "content-encoding",
			"content-length", "content-location", "forwarded", "keep-alive", "origin", "proxy-authenticate",
			"proxy-authorization", "te", "trailers", "transfer-encoding", "upgrade", "x-forwarded-for",
			"x-forwarded-host", "x-forwarded-proto", "via");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<Operation> request;

	private final Map<Integer, List<Operation>> response;

	private final boolean readsRequestBody;

	/**
	 * @param requestParameters the integration's {@code requestParameters}
	 * @param responseParameters the integration's {@code responseParameters} by status code
	 * @throws IllegalArgumentException when a key or value is not a valid mapping
	 */
	HttpApiParameters(Map<String, String> requestParameters, Map<String, Map<String, String>> responseParameters) {
		List<Operation> request = new ArrayList<>();
		requestParameters.forEach((key, value) -> {
			Operation operation = Operation.parse(key, value, false);
			if (operation != null) {
				request.add(operation);
			}
		});
		Map<Integer, List<Operation>> response = new LinkedHashMap<>();
		responseParameters.forEach((status, mappings) -> {
			List<Operation> operations = new ArrayList<>();
			mappings.forEach((key, value) -> {
				Operation operation = Operation.parse(key, value, true);
				if (operation != null) {
					operations.add(operation);
				}
			});
			response.put(Integer.parseInt(status.trim()), List.copyOf(operations));
		});
		this.request = List.copyOf(request);
		this.response = Collections.unmodifiableMap(response);
		this.readsRequestBody = request.stream().anyMatch((operation) -> operation.reads("request.body"));
	}

	static boolean isReservedHeader(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return RESERVED_HEADERS.contains(lower) || lower.startsWith("access-control-") || lower.startsWith("apigw-")
				|| lower.startsWith("x-amz");
	}

	boolean readsRequestBody() {
		return this.readsRequestBody;
	}

	boolean mapsRequest() {
		return !this.request.isEmpty();
	}

	boolean mapsResponse(int status) {
		return this.response.containsKey(status);
	}

	/**
	 * Applies the request mappings.
	 * @param headers the backend request's headers, changed in place
	 * @param query the backend request's query parameters (decoded), changed in place
	 * @return the integration request path when {@code overwrite:path} maps one, else {@code null}
	 */
	@Nullable String applyToRequest(HttpApiParameters.RequestValues values, HttpHeaders headers,
			MultiValueMap<String, String> query) {
		String path = null;
		for (Operation operation : this.request) {
			String value = operation.value().resolve(values);
			switch (operation.target()) {
				case "header" -> applyHeader(operation, value, headers, true);
				case "querystring" -> {
					if (operation.action() == Action.REMOVE) {
						query.remove(operation.name());
					}
					else if (value != null) {
						HeaderValues.requireSafeRequestValue(value);
						if (operation.action() == Action.OVERWRITE) {
							query.put(operation.name(), new ArrayList<>(List.of(value)));
						}
						else {
							query.add(operation.name(), value);
						}
					}
				}
				case "path" -> {
					if (value != null) {
						path = HeaderValues.requireSafeRequestValue(value);
					}
				}
				default -> {
				}
			}
		}
		return path;
	}

	/**
	 * Applies the response mappings of the integration's {@code status}.
	 * @return the status to answer with
	 */
	int applyToResponse(int status, RequestValues request, HttpHeaders headers, byte[] body) {
		List<Operation> operations = this.response.get(status);
		if (operations == null) {
			return status;
		}
		HttpHeaders backend = new HttpHeaders();
		backend.addAll(headers);
		HttpApiMappingValue.Sources sources = (kind, name) -> switch (kind) {
			case "response.header" -> joined(backend.get(name));
			case "response.body" -> bodyValue(new String(body, StandardCharsets.UTF_8), name);
			default -> request.value(kind, name);
		};
		int answered = status;
		for (Operation operation : operations) {
			String value = operation.value().resolve(sources);
			if (operation.target().equals("statuscode")) {
				if (value != null && value.trim().matches("[1-5]\\d\\d")) {
					answered = Integer.parseInt(value.trim());
				}
			}
			else {
				applyHeader(operation, value, headers, false);
			}
		}
		return answered;
	}

	private static void applyHeader(Operation operation, @Nullable String value, HttpHeaders headers,
			boolean toBackend) {
		if (operation.action() == Action.REMOVE) {
			headers.remove(operation.name());
			return;
		}
		if (value == null) {
			return;
		}
		if (toBackend) {
			HeaderValues.requireSafeRequestValue(value);
		}
		else if (!HeaderValues.isSafeValue(value)) {
			// A response header must not split the response; the mapping is left out.
			return;
		}
		String existing = headers.getFirst(operation.name());
		headers.set(operation.name(),
				(operation.action() == Action.APPEND && existing != null) ? existing + "," + value : value);
	}

	static @Nullable String joined(@Nullable List<String> values) {
		return (values == null || values.isEmpty()) ? null : String.join(",", values);
	}

	/** The value at {@code path} below the body's root ({@code ""} for the whole body); strings as they are. */
	static @Nullable String bodyValue(String body, String path) {
		String bounded = (body.length() > MAX_BODY_CHARS) ? body.substring(0, MAX_BODY_CHARS) : body;
		if (path.isEmpty()) {
			return bounded;
		}
		try {
			Object value = JsonPath.read(bounded, "$." + path);
			if (value == null) {
				return null;
			}
			return (value instanceof String text) ? text : JSON.writeValueAsString(value);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** The values of one request that request mappings read. */
	static final class RequestValues implements HttpApiMappingValue.Sources {

		private final RequestContext context;

		private final ServerHttpRequest request;

		private final String pathBelowStage;

		private final @Nullable String body;

		RequestValues(RequestContext context, ServerHttpRequest request, String pathBelowStage, byte @Nullable [] body) {
			this.context = context;
			this.request = request;
			this.pathBelowStage = pathBelowStage;
			this.body = (body != null) ? new String(body, StandardCharsets.UTF_8) : null;
		}

		@Override
		public @Nullable String value(String kind, String name) {
			return switch (kind) {
				case "request.header" -> joined(this.request.getHeaders().get(name));
				case "request.querystring" -> joined(this.request.getQueryParams().get(name));
				case "request.path" -> name.isEmpty() ? this.pathBelowStage : this.context.pathParameters().get(name);
				case "request.body" -> (this.body != null) ? bodyValue(this.body, name) : null;
				case "stageVariables" -> this.context.stageVariables().get(name);
				case "context" ->
					new ParameterExpression(ParameterExpression.Source.CONTEXT, name).resolve(this.context, this.request,
							false);
				default -> null;
			};
		}

	}

	enum Action {

		APPEND, OVERWRITE, REMOVE

	}

	/**
	 * One mapping.
	 * @param target {@code header}, {@code querystring}, {@code path} or {@code statuscode}
	 * @param name the header or parameter name ({@code ""} for path and status)
	 */
	record Operation(Action action, String target, String name, HttpApiMappingValue value) {

		boolean reads(String kind) {
			return this.value.toString().contains(kind);
		}

		/** The operation, or {@code null} for one on a reserved header (never applied). */
		static @Nullable Operation parse(String key, String value, boolean response) {
			int colon = key.indexOf(':');
			if (colon < 0) {
				throw new IllegalArgumentException("Invalid mapping key: " + key);
			}
			Action action;
			try {
				action = Action.valueOf(key.substring(0, colon).toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Invalid mapping key: " + key);
			}
			String rest = key.substring(colon + 1);
			String target;
			String name;
			if (rest.startsWith("header.")) {
				target = "header";
				name = rest.substring("header.".length());
				if (!HeaderValues.isToken(name)) {
					throw new IllegalArgumentException("Invalid mapping key: " + key);
				}
				if (isReservedHeader(name)) {
					return null;
				}
			}
			else if (!response && rest.startsWith("querystring.") && rest.length() > "querystring.".length()) {
				target = "querystring";
				name = rest.substring("querystring.".length());
			}
			else if (!response && rest.equals("path") && action == Action.OVERWRITE) {
				target = "path";
				name = "";
			}
			else if (response && rest.equals("statuscode") && action == Action.OVERWRITE) {
				target = "statuscode";
				name = "";
			}
			else {
				throw new IllegalArgumentException("Invalid mapping key: " + key);
			}
			return new Operation(action, target, name, HttpApiMappingValue.parse(value));
		}

	}

	/** A decoded, order-keeping copy of {@code request}'s query parameters, for mappings to change. */
	static MultiValueMap<String, String> queryOf(ServerHttpRequest request) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		request.getQueryParams().forEach((name, values) -> values
			.forEach((value) -> query.add(name, (value != null) ? value : "")));
		return query;
	}

}
