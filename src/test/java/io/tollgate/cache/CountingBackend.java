package io.tollgate.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An HTTP backend that counts its calls, for cache tests: every answer says which call it was
 * ({@code {"call":N,"path":...,"version":X-Version}}), so a response served from the cache shows an earlier number.
 * {@code ?status=N} sets the status, {@code ?delayMs=N} delays the answer, {@code ?bytes=N} pads the body to N bytes.
 * Answers carry a {@code Set-Cookie}, which the cache must never replay.
 */
final class CountingBackend implements BeforeAllCallback, AfterAllCallback {

	private final AtomicInteger calls = new AtomicInteger();

	private DisposableServer server;

	private String ownerId;

	@Override
	public void beforeAll(ExtensionContext context) {
		// @Nested classes inherit the extension: only the outermost class starts and stops the server.
		if (this.server == null) {
			this.ownerId = context.getUniqueId();
			this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.server != null && context.getUniqueId().equals(this.ownerId)) {
			this.server.disposeNow();
			this.server = null;
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	int calls() {
		return this.calls.get();
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		int call = this.calls.incrementAndGet();
		QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
		Map<String, List<String>> query = decoder.parameters();
		int status = Integer.parseInt(first(query, "status", "200"));
		long delay = Long.parseLong(first(query, "delayMs", "0"));
		int size = Integer.parseInt(first(query, "bytes", "0"));
		String version = request.requestHeaders().get("X-Version", "");
		String json = "{\"call\":" + call + ",\"path\":\"" + decoder.rawPath() + "\",\"version\":\"" + version + "\"";
		StringBuilder body = new StringBuilder(json);
		if (size > json.length() + 12) {
			char[] padding = new char[size - json.length() - 12];
			Arrays.fill(padding, 'x');
			body.append(",\"pad\":\"").append(padding).append('"');
		}
		body.append('}');
		byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
		return request.receive().then(Mono.delay(Duration.ofMillis(delay)))
			.then(response.status(status)
				.header("Content-Type", "application/json")
				.header("Set-Cookie", "session=call-" + call)
				.header("X-Backend-Call", Integer.toString(call))
				.sendByteArray(Mono.just(bytes))
				.then());
	}

	private static String first(Map<String, List<String>> query, String name, String fallback) {
		List<String> values = query.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : fallback;
	}

}
