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
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.mapping.MappingTemplateException;
import io.tollgate.mapping.TemplateInput;
import io.tollgate.mapping.TemplateVariables;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.AuthorRegex;
import io.tollgate.model.PassthroughBehavior;
import io.tollgate.model.v2.Integration;
import io.tollgate.model.v2.IntegrationResponse;
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
 */
final class TemplatedIntegration implements RouteIntegration {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DEFAULT = "$default";

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
			return call(event, (event.body() != null) ? event.body() : "")
				.map((result) -> new IntegrationReply(result.status(), Map.of(), result.body()));
		}
		return Mono.fromCallable(() -> requestBody(event))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((body) -> call(event, body))
			.publishOn(Schedulers.boundedElastic())
			.map((result) -> reply(event, result));
	}

	/** The request template's output, or the message itself as the passthrough behaviour allows. */
	private String requestBody(RouteEvent event) {
		String message = (event.body() != null) ? event.body() : "";
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
			return message;
		}
		return render(template, event, message);
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
	 * What the backend answered.
	 * @param selectable what integration response keys are matched against: the status, or a Lambda's error
	 */
	private record BackendResult(int status, String body, String selectable) {
	}

	private Mono<BackendResult> call(RouteEvent event, String body) {
		return switch (this.backend) {
			case MOCK -> Mono.fromSupplier(() -> {
				int status = mockStatus(body);
				return new BackendResult(status, "", Integer.toString(status));
			});
			case LAMBDA -> lambda(body);
			case HTTP, HTTP_PROXY -> http(event, body);
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

	private Mono<BackendResult> lambda(String payload) {
		if (this.functions == null || this.function == null) {
			return Mono.error(new IntegrationFailure("No Lambda function in " + this.integration.integrationUri(),
					null));
		}
		return this.functions.invoke(this.function, payload.getBytes(StandardCharsets.UTF_8), this.timeout)
			.onErrorMap((ex) -> !(ex instanceof IntegrationFailure),
					(ex) -> new IntegrationFailure("Invocation of " + this.function + " failed", ex))
			.map((response) -> {
				String output = response.payloadAsString();
				if (!response.failed()) {
					return new BackendResult(200, output, "");
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
				return new BackendResult(200, output, errorMessage);
			});
	}

	private Mono<BackendResult> http(RouteEvent event, String body) {
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
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return this.http.headers((headers) -> {
			headers.set("User-Agent", "AmazonAPIGateway_" + event.connection().apiId());
			headers.set("Content-Type", "application/json");
			headers.set("Content-Length", Integer.toString(bytes.length));
		})
			.request(io.netty.handler.codec.http.HttpMethod.valueOf(method.name()))
			.uri(uri)
			.send((request, out) -> (bytes.length > 0) ? out.sendByteArray(Mono.just(bytes)) : out)
			.response((response, content) -> content.asByteArray()
				.reduceWith(ByteArrayOutputStream::new, this::append)
				.map((received) -> {
					int status = response.status().code();
					return new BackendResult(status, received.toString(StandardCharsets.UTF_8),
							Integer.toString(status));
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

	/** The integration response the result selects, rendered; no response sends nothing back. */
	private IntegrationReply reply(RouteEvent event, BackendResult result) {
		IntegrationResponse response = select(result.selectable());
		if (response == null) {
			return new IntegrationReply(result.status(), Map.of(), null);
		}
		Map<String, String> responseTemplates = response.responseTemplates();
		String key = DEFAULT;
		if (response.templateSelectionExpression() != null) {
			SelectionExpression selection = parseOrNull(response.templateSelectionExpression());
			String selected = (selection != null) ? selection.evaluate(result.body()) : null;
			key = (selected != null) ? selected : DEFAULT;
		}
		String template = responseTemplates.get(key);
		if (template == null) {
			template = responseTemplates.get(DEFAULT);
		}
		String body = (template != null) ? render(template, event, result.body()) : result.body();
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
