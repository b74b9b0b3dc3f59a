package io.tollgate.test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.util.UriUtils;

/**
 * A real Lambda Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}) on a free loopback port, running
 * Java functions registered by the test. Point {@code tollgate.lambda.endpoint} at {@link #endpoint()}.
 * <ul>
 * <li>A function returns any object (serialized as JSON) or a {@link RawPayload} sent as is.</li>
 * <li>A function that throws answers as Lambda does for an unhandled error: status 200,
 * {@code X-Amz-Function-Error: Unhandled}, body {@code {"errorMessage", "errorType", "stackTrace"}}.</li>
 * <li>An unknown function answers 404 {@code ResourceNotFoundException}.</li>
 * </ul>
 * Functions run off the event loop, so they may sleep to simulate slow functions. Each invocation's event is kept.
 * <p>
 * Registered with {@code @RegisterExtension} it runs for its test class (its {@code @Nested} classes included), or,
 * made by {@link #forTheRun()}, until the test run ends; closing it releases its server and event loop.
 */
public final class TestLambdaServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, TestFunction> functions = new ConcurrentHashMap<>();

	private final Map<String, List<JsonNode>> events = new ConcurrentHashMap<>();

	private final boolean forTheRun;

	private @Nullable LoopResources loops;

	private DisposableServer server;

	public TestLambdaServer() {
		this(false);
	}

	private TestLambdaServer(boolean forTheRun) {
		this.forTheRun = forTheRun;
	}

	/**
	 * A server started at once and closed when the test run ends: a base class's, whose application context (and
	 * so the endpoint it was given) every subclass shares.
	 */
	public static TestLambdaServer forTheRun() {
		return new TestLambdaServer(true).start();
	}

	/** A test's function: receives the event, returns the result. */
	@FunctionalInterface
	public interface TestFunction {

		Object handle(JsonNode event) throws Exception;

	}

	/** A result sent byte for byte, e.g. a malformed response. */
	public record RawPayload(String body) {
	}

	/** Starts once per test class; {@code @Nested} classes run on the outer class's server. */
	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.server == null || this.server.isDisposed()) {
			start();
		}
		if (this.forTheRun) {
			TestRun.closeWhenItEnds(context, this);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (!this.forTheRun && context.getRequiredTestClass().getEnclosingClass() == null) {
			stop();
		}
	}

	public TestLambdaServer start() {
		// Own event loops: an application context closed in the same JVM disposes Reactor Netty's global ones.
		this.loops = LoopResources.create("test-lambda", 1, true);
		this.server = HttpServer.create()
			.runOn(this.loops)
			.host("127.0.0.1")
			.port(0)
			.handle(this::handle)
			.bindNow();
		return this;
	}

	/** Closes the server and lets its event loop go (without waiting for the loop's quiet period). */
	public void stop() {
		if (this.server != null) {
			this.server.disposeNow();
		}
		if (this.loops != null) {
			this.loops.dispose();
			this.loops = null;
		}
	}

	@Override
	public void close() {
		stop();
	}

	/** The Invoke API's base URL, for {@code tollgate.lambda.endpoint}. */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.port());
	}

	/** The API Gateway URI of a function, for authorizerUri and Lambda integration URIs. */
	public static String invocationUri(String function) {
		return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:"
				+ function + "/invocations";
	}

	public void register(String name, TestFunction function) {
		this.functions.put(name, function);
		this.events.remove(name);
	}

	public int invocations(String name) {
		return events(name).size();
	}

	public List<JsonNode> events(String name) {
		return this.events.getOrDefault(name, List.of());
	}

	public JsonNode lastEvent(String name) {
		List<JsonNode> received = events(name);
		if (received.isEmpty()) {
			throw new AssertionError("function " + name + " was not invoked");
		}
		return received.get(received.size() - 1);
	}

	public void reset() {
		this.events.clear();
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String path = request.path();
		String prefix = "2015-03-31/functions/";
		if (!path.startsWith(prefix) || !path.endsWith("/invocations")) {
			return error(response, 404, "UnknownOperationException", "Unknown operation " + path);
		}
		String name = functionName(UriUtils.decode(path.substring(prefix.length(), path.length() - "/invocations".length()),
				StandardCharsets.UTF_8));
		TestFunction function = this.functions.get(name);
		if (function == null) {
			return error(response, 404, "ResourceNotFoundException", "Function not found: " + name);
		}
		return request.receive()
			.aggregate()
			.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("null")
			.publishOn(Schedulers.boundedElastic())
			.flatMap((body) -> {
				JsonNode event = JSON.readTree(body);
				this.events.computeIfAbsent(name, (key) -> new CopyOnWriteArrayList<>()).add(event);
				String payload;
				try {
					Object result = function.handle(event);
					payload = (result instanceof RawPayload raw) ? raw.body() : JSON.writeValueAsString(result);
				}
				catch (Exception ex) {
					response.header("X-Amz-Function-Error", "Unhandled");
					payload = JSON.writeValueAsString(Map.of("errorMessage", String.valueOf(ex.getMessage()),
							"errorType", ex.getClass().getSimpleName(), "stackTrace", List.of()));
				}
				return response.status(200)
					.header("Content-Type", "application/json")
					.header("X-Amz-Executed-Version", "$LATEST")
					.sendString(Mono.just(payload))
					.then();
			});
	}

	/** {@code arn:aws:lambda:region:account:function:name[:qualifier]} or a plain name, to the name. */
	private static String functionName(String function) {
		if (!function.startsWith("arn:")) {
			return function;
		}
		String[] parts = function.split(":");
		return (parts.length >= 7) ? parts[6] : function;
	}

	private static Mono<Void> error(HttpServerResponse response, int status, String type, String message) {
		return response.status(status)
			.header("Content-Type", "application/json")
			.header("x-amzn-ErrorType", type)
			.sendString(Mono.just(JSON.writeValueAsString(Map.of("Type", "User", "message", message))))
			.then();
	}

}
