package io.tollgate.websocket;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.google.re2j.Pattern;
import io.tollgate.function.FunctionInvoker;
import io.tollgate.integration.ContentHandling;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.mapping.MappingTemplateException;
import io.tollgate.mapping.TemplateInput;
import io.tollgate.mapping.TemplateVariables;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.AuthorRegex;
import io.tollgate.model.PassthroughBehavior;
import io.tollgate.model.v2.Integration;
import io.tollgate.model.v2.IntegrationResponse;
import io.tollgate.pipeline.GatewayResponseException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;

/**
 * A WebSocket route's non-proxy integration ({@code MOCK}, {@code AWS} for Lambda, {@code HTTP}) and the HTTP proxy
 * ({@code HTTP_PROXY}). Non-proxy: the request template chosen by the {@code templateSelectionExpression} (else the
 * {@code $default} one, else the passthrough behaviour) renders what the backend gets; the integration response
 * whose key ({@code /regex/} or {@code $default}) matches the backend's status code, or a Lambda's error message,
 * renders the reply with its response template. Proxy: the message goes to the backend as it is and the backend's
 * body is the reply. Templates render off the event loop on the VTL sandbox shared with REST APIs.
 * <p>
 * {@code contentHandlingStrategy} applies to what passes through without a template, as on REST APIs: the
 * integration's {@code CONVERT_TO_BINARY} decodes a base64 message into the bytes the backend gets (clients can send
 * text frames only); the integration response's {@code CONVERT_TO_TEXT} encodes the backend's bytes as base64 for the
 * client.
 */
final class TemplatedIntegration implements RouteIntegration {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DEFAULT = "$default";

	private static final String JSON_TYPE = "application/json";

	/** Where the rendered request goes. */
	enum Backend {

		MOCK, LAMBDA, HTTP, HTTP_PROXY

	}

	private final Integration integration;

	private final Backend backend;

	private final List<Map.Entry<@Nullable Pattern, IntegrationResponse>> responses;

	private final @Nullable SelectionExpression templateSelection;

	private final MappingTemplateEngine templates;

	private final @Nullable FunctionInvoker functions;

	private final @Nullable String function;

	private final @Nullable HttpClient http;

	private final Duration timeout;

	private final int maxReplyBytes;

	/**
	 * @param responses the integration's responses
	 * @param function the Lambda function of an {@code AWS} integration
	 * @param maxReplyBytes the most a backend may answer (a reply is one WebSocket message)
	 */
	TemplatedIntegration(Integration integration, Backend backend, Map<String, IntegrationResponse> responses,
			MappingTemplateEngine templates, @Nullable FunctionInvoker functions, @Nullable String function,
			@Nullable HttpClient http, Duration timeout, int maxReplyBytes) {
		this.integration = integration;
		this.backend = backend;
		this.responses = responses.values().stream().map(TemplatedIntegration::keyed).toList();
		this.templateSelection = (integration.templateSelectionExpression() != null)
				? parseOrNull(integration.templateSelectionExpression()) : null;
		this.templates = templates;
		this.functions = functions;
		this.function = function;
		this.http = http;
		this.timeout = timeout;
		this.maxReplyBytes = maxReplyBytes;
	}

	private static Map.Entry<@Nullable Pattern, IntegrationResponse> keyed(IntegrationResponse response) {
		String key = response.integrationResponseKey();
		Pattern pattern = null;
		if (key.length() > 1 && key.startsWith("/") && key.endsWith("/")) {
			try {
				pattern = AuthorRegex.compile(key.substring(1, key.length() - 1), Pattern.DOTALL,
						"integration response key");
			}
			catch (ApiModelException ex) {
				// Never matches; the management API refuses such keys.
				pattern = null;
			}
		}
		return new java.util.AbstractMap.SimpleImmutableEntry<>(pattern, response);
	}

	private static @Nullable SelectionExpression parseOrNull(String expression) {
		try {
			return SelectionExpression.parse(expression);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public Mono<IntegrationReply> invoke(RouteEvent event) {
		if (this.backend == Backend.HTTP_PROXY) {
			return Mono.fromCallable(() -> passthrough(messageOf(event)))
				.flatMap((payload) -> call(event, payload))
				.map((result) -> new IntegrationReply(result.status(), Map.of(), result.text()));
		}
		return Mono.fromCallable(() -> requestBody(event))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((body) -> call(event, body))
			.publishOn(Schedulers.boundedElastic())
			.map((result) -> reply(event, result));
	}

	private static String messageOf(RouteEvent event) {
		return (event.body() != null) ? event.body() : "";
	}

	/** The request template's output, or the message itself as the passthrough behaviour allows. */
	private RequestPayload requestBody(RouteEvent event) {
		String message = messageOf(event);
		Map<String, String> requestTemplates = this.integration.requestTemplates();
		String key = DEFAULT;
		if (this.templateSelection != null) {
			String selected = this.templateSelection.evaluate(message);
			key = (selected != null) ? selected : DEFAULT;
		}
		String template = requestTemplates.get(key);
		if (template == null) {
			template = requestTemplates.get(DEFAULT);
		}
		if (template == null) {
			PassthroughBehavior passthrough = (this.integration.passthroughBehavior() != null)
					? this.integration.passthroughBehavior() : PassthroughBehavior.WHEN_NO_MATCH;
			if (passthrough == PassthroughBehavior.NEVER
					|| (passthrough == PassthroughBehavior.WHEN_NO_TEMPLATES && !requestTemplates.isEmpty())) {
				throw new IntegrationFailure("No request template matches and passthrough is "
						+ passthrough, null);
			}
			return passthrough(message);
		}
		return new RequestPayload(render(template, event, message).getBytes(StandardCharsets.UTF_8), JSON_TYPE);
	}

	/** The message as it is, or the bytes its base64 stands for with {@code CONVERT_TO_BINARY}. */
	private RequestPayload passthrough(String message) {
		String strategy = this.integration.contentHandlingStrategy();
		if (!ContentHandling.CONVERT_TO_BINARY.equals(strategy)) {
			return new RequestPayload(message.getBytes(StandardCharsets.UTF_8), JSON_TYPE);
		}
		try {
			return new RequestPayload(ContentHandling.apply(strategy, message.getBytes(StandardCharsets.UTF_8), false),
					"application/octet-stream");
		}
		catch (GatewayResponseException ex) {
			throw new IntegrationFailure("The message is not base64, as CONVERT_TO_BINARY requires", null);
		}
	}

	private String render(String template, RouteEvent event, String input) {
		try {
			return this.templates.render(template, new TemplateVariables(event.contextVariables(),
					event.connection().stageVariables(), new TemplateInput(input, Map.of(),
							firstValues(event.connection().queryParameters()), headersOf(event))));
		}
		catch (MappingTemplateException ex) {
			throw new IntegrationFailure("Mapping template failed: " + ex.getMessage(), ex);
		}
	}

	private static Map<String, String> headersOf(RouteEvent event) {
		return (event.eventType() == RouteEvent.EventType.CONNECT) ? firstValues(event.connection().headers())
				: Map.of();
	}

	private static Map<String, String> firstValues(Map<String, List<String>> values) {
		Map<String, String> first = new LinkedHashMap<>();
		values.forEach((name, list) -> {
			if (!list.isEmpty()) {
				first.put(name, list.get(list.size() - 1));
			}
		});
		return first;
	}

	/**
	 * What the backend gets.
	 * @param contentType its {@code Content-Type} for an HTTP backend
	 */
	private record RequestPayload(byte[] bytes, String contentType) {
	}

	/**
	 * What the backend answered.
	 * @param body its bytes, as they came
	 * @param selectable what integration response keys are matched against: the status, or a Lambda's error
	 */
	private record BackendResult(int status, byte[] body, String selectable) {

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	private Mono<BackendResult> call(RouteEvent event, RequestPayload payload) {
		return switch (this.backend) {
			case MOCK -> Mono.fromSupplier(() -> {
				int status = mockStatus(new String(payload.bytes(), StandardCharsets.UTF_8));
				return new BackendResult(status, new byte[0], Integer.toString(status));
			});
			case LAMBDA -> lambda(payload.bytes());
			case HTTP, HTTP_PROXY -> http(event, payload);
		};
	}

	private static int mockStatus(String rendered) {
		try {
			JsonNode node = JSON.readTree(rendered);
			JsonNode status = (node != null) ? node.get("statusCode") : null;
			return (status != null && status.canConvertToInt()) ? status.asInt() : 200;
		}
		catch (JacksonException ex) {
			return 200;
		}
	}

	private Mono<BackendResult> lambda(byte[] payload) {
		if (this.functions == null || this.function == null) {
			return Mono.error(new IntegrationFailure("No Lambda function in " + this.integration.integrationUri(),
					null));
		}
		return this.functions.invoke(this.function, payload, this.timeout)
			.onErrorMap((ex) -> !(ex instanceof IntegrationFailure),
					(ex) -> new IntegrationFailure("Invocation of " + this.function + " failed", ex))
			.map((response) -> {
				String output = response.payloadAsString();
				if (!response.failed()) {
					return new BackendResult(200, response.payload(), "");
				}
				String errorMessage = "";
				try {
					JsonNode error = JSON.readTree(output);
					JsonNode message = (error != null) ? error.get("errorMessage") : null;
					errorMessage = (message != null) ? message.asString() : "";
				}
				catch (JacksonException ex) {
					// An error object that is not JSON selects by its empty message.
				}
				return new BackendResult(200, response.payload(), errorMessage);
			});
	}

	private Mono<BackendResult> http(RouteEvent event, RequestPayload payload) {
		if (this.http == null || this.integration.integrationUri() == null) {
			return Mono.error(new IntegrationFailure("No HTTP endpoint", null));
		}
		URI uri;
		try {
			uri = URI.create(this.integration.integrationUri());
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new IntegrationFailure("Invalid integration URI", ex));
		}
		HttpMethod method = HttpMethod.valueOf((this.integration.integrationMethod() != null)
				? this.integration.integrationMethod() : "POST");
		byte[] bytes = payload.bytes();
		return this.http.headers((headers) -> {
			headers.set("User-Agent", "AmazonAPIGateway_" + event.connection().apiId());
			headers.set("Content-Type", payload.contentType());
			headers.set("Content-Length", Integer.toString(bytes.length));
		})
			.request(io.netty.handler.codec.http.HttpMethod.valueOf(method.name()))
			.uri(uri)
			.send((request, out) -> (bytes.length > 0) ? out.sendByteArray(Mono.just(bytes)) : out)
			.response((response, content) -> content.asByteArray()
				.reduceWith(ByteArrayOutputStream::new, this::append)
				.map((received) -> {
					int status = response.status().code();
					return new BackendResult(status, received.toByteArray(), Integer.toString(status));
				}))
			.single()
			.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof IntegrationFailure),
					(ex) -> new IntegrationFailure((ex instanceof TimeoutException) ? "Endpoint request timed out"
							: "HTTP integration failed: " + ex.getMessage(), ex));
	}

	private ByteArrayOutputStream append(ByteArrayOutputStream received, byte[] chunk) {
		if (received.size() + (long) chunk.length > this.maxReplyBytes) {
			throw new IntegrationFailure("Integration response is larger than a WebSocket message may be", null);
		}
		received.write(chunk, 0, chunk.length);
		return received;
	}

	/**
	 * The integration response the result selects, rendered (without a template: the backend's answer, base64 with
	 * {@code CONVERT_TO_TEXT}); no response sends nothing back.
	 */
	private IntegrationReply reply(RouteEvent event, BackendResult result) {
		IntegrationResponse response = select(result.selectable());
		if (response == null) {
			return new IntegrationReply(result.status(), Map.of(), null);
		}
		String text = result.text();
		Map<String, String> responseTemplates = response.responseTemplates();
		String key = DEFAULT;
		if (response.templateSelectionExpression() != null) {
			SelectionExpression selection = parseOrNull(response.templateSelectionExpression());
			String selected = (selection != null) ? selection.evaluate(text) : null;
			key = (selected != null) ? selected : DEFAULT;
		}
		String template = responseTemplates.get(key);
		if (template == null) {
			template = responseTemplates.get(DEFAULT);
		}
		String body;
		if (template != null) {
			body = render(template, event, text);
		}
		else if (ContentHandling.CONVERT_TO_TEXT.equals(response.contentHandlingStrategy())) {
			body = new String(ContentHandling.apply(ContentHandling.CONVERT_TO_TEXT, result.body(), true),
					StandardCharsets.US_ASCII);
		}
		else {
			body = text;
		}
		return new IntegrationReply(result.status(), Map.of(), body);
	}

	private @Nullable IntegrationResponse select(String selectable) {
		IntegrationResponse fallback = null;
		for (Map.Entry<@Nullable Pattern, IntegrationResponse> response : this.responses) {
			Pattern pattern = response.getKey();
			if (pattern != null && pattern.matches(selectable)) {
				return response.getValue();
			}
			if (DEFAULT.equals(response.getValue().integrationResponseKey())) {
				fallback = response.getValue();
			}
		}
		return fallback;
	}

	@Override
	public String toString() {
		return "TemplatedIntegration[" + this.backend + " " + this.integration.integrationId() + "]";
	}

}
