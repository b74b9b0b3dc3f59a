package io.tollgate.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.reactivestreams.Publisher;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP backend for integration tests, on a free loopback port. Every request is answered with a JSON echo
 * of what arrived ({@code method}, {@code path}, {@code query} (multi-value), {@code headers}, {@code body}).
 * {@code ?delayMs=N} delays the answer; {@code ?bodyDelayMs=N} delays the body's rest after its first byte, sent with
 * the headers; {@code ?status=N} sets the status; {@code ?raw=1} answers the body's bytes as
 * they arrived instead ({@code application/octet-stream}); {@code ?responseHeader=Name:value} (repeatable) adds a
 * response header; the response carries headers that API
 * Gateway owns ({@code x-amzn-RequestId}, {@code Server}) so that their remapping can be seen.
 */
public final class TestBackend implements BeforeAllCallback, AfterAllCallback {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final LoopResources LOOPS = LoopResources.create("test-backend", 2, true);

	private final AtomicInteger requests = new AtomicInteger();

	private DisposableServer server;

	/** Starts once per test class; {@code @Nested} classes run on the outer class's server. */
	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.server == null || this.server.isDisposed()) {
			// Loops of its own: a test that closes an application disposes Reactor Netty's shared ones.
			this.server = HttpServer.create()
				.runOn(LOOPS)
				.host("127.0.0.1")
				.port(0)
				.handle(this::handle)
				.bindNow();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.server != null && context.getRequiredTestClass().getEnclosingClass() == null) {
			this.server.disposeNow();
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public int requestCount() {
		return this.requests.get();
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		this.requests.incrementAndGet();
		QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
		Map<String, List<String>> query = decoder.parameters();
		long delay = Long.parseLong(first(query, "delayMs", "0"));
		int status = Integer.parseInt(first(query, "status", "200"));
		if (query.containsKey("raw")) {
			return request.receive()
				.aggregate()
				.asByteArray()
				.defaultIfEmpty(new byte[0])
				.flatMap((raw) -> response.status(status)
					.header("Content-Type", "application/octet-stream")
					.sendByteArray(Mono.just(raw))
					.then());
		}
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) -> {
			Map<String, Object> echo = new LinkedHashMap<>();
			echo.put("method", request.method().name());
			echo.put("path", decoder.rawPath());
			echo.put("query", query);
			Map<String, String> headers = new LinkedHashMap<>();
			request.requestHeaders().forEach((entry) -> headers.put(entry.getKey().toLowerCase(), entry.getValue()));
			echo.put("headers", headers);
			echo.put("body", body);
			byte[] bytes = JSON.writeValueAsBytes(echo);
			for (String header : query.getOrDefault("responseHeader", List.of())) {
				int colon = header.indexOf(':');
				response.addHeader(header.substring(0, colon), header.substring(colon + 1));
			}
			long bodyDelay = Long.parseLong(first(query, "bodyDelayMs", "0"));
			// With a body delay, the headers and the body's first byte go first (chunked), the rest after it.
			Publisher<byte[]> sent = (bodyDelay == 0) ? Mono.just(bytes)
					: Flux.concat(Mono.just(Arrays.copyOf(bytes, 1)), Mono.delay(Duration.ofMillis(bodyDelay))
						.map((i) -> Arrays.copyOfRange(bytes, 1, bytes.length)));
			return Mono.delay(Duration.ofMillis(delay))
				.then(response.status(status)
					.header("Content-Type", "application/json")
					.header("x-amzn-RequestId", "backend-request-id")
					.header("Server", "test-backend")
					.header("X-Backend", "yes")
					.sendByteArray(sent)
					.then());
		});
	}

	private static String first(Map<String, List<String>> query, String name, String fallback) {
		List<String> values = query.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : fallback;
	}

}
