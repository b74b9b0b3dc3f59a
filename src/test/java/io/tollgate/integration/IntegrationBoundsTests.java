package io.tollgate.integration;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationResponse;
import io.tollgate.model.IntegrationType;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.TestApis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.resources.LoopResources;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payload limit and the integration timeout as totals, attacked through a running gateway with hostile backends
 * (a body of 250 MiB, generated as it is sent; a body dripping a byte every 300 ms) and hostile clients (bodies over
 * 10 MB, chunked and declared).
 */
class IntegrationBoundsTests extends BaseGatewayTests {

	private static final int MIB = 1024 * 1024;

	private static final LoopResources LOOPS = LoopResources.create("hostile-backend", 1, true);

	private static final AtomicInteger backendRequests = new AtomicInteger();

	/** Bytes of {@code /huge} the backend has handed to its connection: what the gateway pulled from it. */
	private static final AtomicLong hugeBytesSent = new AtomicLong();

	/** {@code /huge} streams 250 MiB (chunked, or with its length when {@code ?declared}), {@code /drip} drips. */
	private static final DisposableServer backend = HttpServer.create()
		.runOn(LOOPS)
		.host("127.0.0.1")
		.port(0)
		.route((routes) -> routes.get("/huge", (request, response) -> {
			if (request.uri().contains("declared")) {
				response.header("Content-Length", Long.toString(250L * MIB));
			}
			byte[] chunk = new byte[64 * 1024];
			return response.send(Flux.range(0, 250 * 16)
				.map((i) -> Unpooled.wrappedBuffer(chunk))
				.doOnNext((buffer) -> hugeBytesSent.addAndGet(buffer.readableBytes())));
		})
			.get("/drip", (request, response) -> response.header("Content-Type", "text/plain")
				.send(Flux.interval(Duration.ZERO, Duration.ofMillis(300))
					.take(20)
					.map((i) -> (ByteBuf) Unpooled.wrappedBuffer(new byte[] { 'x' }))))
			.get("/stall-headers", (request, response) -> watched(request).then(Mono.never()))
			.get("/stall-body", (request, response) -> watched(request).then(response
				.header("Content-Type", "application/json")
				.send(Flux.concat(Mono.just(Unpooled.wrappedBuffer(new byte[] { '{' })), Mono.never()))
				.then()))
			.get("/split", (request, response) -> {
				// ?headersMs=A&bodyMs=B: the headers and a first byte at A ms, the rest of the body at B ms.
				QueryStringDecoder query = new QueryStringDecoder(request.uri());
				long headersMs = Long.parseLong(query.parameters().get("headersMs").get(0));
				long bodyMs = Long.parseLong(query.parameters().get("bodyMs").get(0));
				return Mono.delay(Duration.ofMillis(headersMs))
					.then(response.header("Content-Type", "application/json")
						.header("X-Backend", "split")
						.send(Flux.concat(Mono.just(Unpooled.wrappedBuffer(new byte[] { '{' })),
								Mono.delay(Duration.ofMillis(bodyMs - headersMs))
									.map((i) -> Unpooled.copiedBuffer("\"split\":true}", StandardCharsets.UTF_8))))
						.then());
			})
			.route((request) -> true, (request, response) -> {
				backendRequests.incrementAndGet();
				return request.receive().then(response.sendString(Mono.just("{\"ok\":true}")).then());
			}))
		.bindNow();

	/** Connections of the stalling routes the backend has seen closed. */
	private static final AtomicInteger stalledConnectionsClosed = new AtomicInteger();

	private static Mono<Void> watched(HttpServerRequest request) {
		request.withConnection((connection) -> connection.onDispose(stalledConnectionsClosed::incrementAndGet));
		return Mono.empty();
	}

	@AfterAll
	static void stopBackend() {
		backend.disposeNow();
	}

	@BeforeEach
	void serveApi() {
		String url = "http://127.0.0.1:" + backend.port();
		ApiDefinition api = withMethod(TestApis.api("bounds"), "/proxy/{proxy+}", method("ANY", proxy(url, 1000)));
		api = withMethod(api, "/http/{path}", method("GET", http(url, 1000)));
		// For the payload limit's tests on a loaded machine: reading 10 MB must not meet the timeout first.
		api = withMethod(api, "/unhurried/proxy/{proxy+}", method("ANY", proxy(url, 10_000)));
		api = withMethod(api, "/unhurried/http/{path}", method("GET", http(url, 10_000)));
		api = withMethod(api, "/ping", method("GET", TestApis.mock("{\"pong\":true}")));
		serve(deploy(api, "d1", "prod", Map.of()));
	}

	private static Integration proxy(String url, int timeoutInMillis) {
		return TestApis.httpProxy("ANY", url + "/{proxy}", timeoutInMillis,
				Map.of("integration.request.path.proxy", "method.request.path.proxy"));
	}

	private static Integration http(String url, int timeoutInMillis) {
		return new Integration(IntegrationType.HTTP, "GET", url + "/{path}", null, null,
				Map.of("integration.request.path.path", "method.request.path.path"), null, null, null, timeoutInMillis,
				null, null, Map.of("200", new IntegrationResponse("200", null, null, null, null)));
	}

	@Test
	void httpProxyResponseOverThePayloadLimitAnswersInternalServerErrorWithoutHoldingIt() {
		for (String path : new String[] { "/unhurried/proxy/huge", "/unhurried/proxy/huge?declared" }) {
			hugeBytesSent.set(0);
			long start = System.nanoTime();
			this.client.get().uri("/restapis/bounds/prod/_user_request_" + path).exchange()
				.expectStatus().isEqualTo(500)
				.expectHeader().valueEquals("x-amzn-ErrorType", "InternalServerErrorException")
				.expectBody().json("{\"message\":\"Internal server error\"}", true);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			// Read no further than the limit (plus what socket buffers hold): never the 250 MiB.
			assertThat(hugeBytesSent.get()).isLessThan(40L * MIB);
		}
		this.client.get().uri("/restapis/bounds/prod/_user_request_/ping").exchange().expectStatus().isOk();
	}

	@Test
	void httpResponseOverThePayloadLimitAnswersInternalServerError() {
		for (String path : new String[] { "/unhurried/http/huge", "/unhurried/http/huge?declared" }) {
			hugeBytesSent.set(0);
			this.client.get().uri("/restapis/bounds/prod/_user_request_" + path).exchange()
				.expectStatus().isEqualTo(500)
				.expectBody().json("{\"message\":\"Internal server error\"}", true);
			assertThat(hugeBytesSent.get()).isLessThan(40L * MIB);
		}
		this.client.get().uri("/restapis/bounds/prod/_user_request_/ping").exchange().expectStatus().isOk();
	}

	@Test
	void concurrentHugeResponsesLeaveTheGatewayServing() {
		Flux.range(0, 4)
			.flatMap((i) -> this.client.get().uri("/restapis/bounds/prod/_user_request_/proxy/huge").exchange()
				.returnResult(String.class).getResponseBody().then(Mono.just(i)).onErrorResume((ex) -> Mono.empty()))
			.blockLast(Duration.ofSeconds(30));
		long start = System.nanoTime();
		this.client.get().uri("/restapis/bounds/prod/_user_request_/ping").exchange().expectStatus().isOk();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void drippingHttpProxyBackendAnswersEndpointRequestTimedOutAtTheIntegrationTimeout() {
		long start = System.nanoTime();
		this.client.get().uri("/restapis/bounds/prod/_user_request_/proxy/drip").exchange()
			.expectStatus().isEqualTo(504)
			.expectBody().json("{\"message\":\"Endpoint request timed out\"}", true);
		// timeoutInMillis is 1 s; the backend would take 6 s.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
	}

	@Test
	void drippingHttpBackendAnswersEndpointRequestTimedOutAtTheIntegrationTimeout() {
		long start = System.nanoTime();
		this.client.get().uri("/restapis/bounds/prod/_user_request_/http/drip").exchange()
			.expectStatus().isEqualTo(504)
			.expectBody().json("{\"message\":\"Endpoint request timed out\"}", true);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
	}

	@Test
	void httpProxyBackendThatNeverAnswersIsEndpointRequestTimedOutAndItsConnectionDropped() {
		assertTimesOutAndDropsTheConnection("/proxy/stall-headers");
	}

	@Test
	void httpProxyBackendThatStallsItsBodyAfterTheHeadersIsEndpointRequestTimedOutAndItsConnectionDropped() {
		assertTimesOutAndDropsTheConnection("/proxy/stall-body");
	}

	@Test
	void httpProxyTimeoutCountsFromTheCallsStartAcrossHeadersAndBody() {
		// Headers at 600 ms and the body at 1.5 s: each within 1 s of the one before, but not of the call's start.
		long start = System.nanoTime();
		timedOut(this.client.get().uri("/restapis/bounds/prod/_user_request_/proxy/split?headersMs=600&bodyMs=1500"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
	}

	@Test
	void slowHttpProxyBackendWithinTheTimeoutAnswersInFull() {
		this.client.get().uri("/restapis/bounds/prod/_user_request_/proxy/split?headersMs=100&bodyMs=400").exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("X-Backend", "split")
			.expectHeader().contentType("application/json")
			.expectBody().json("{\"split\":true}", true);
	}

	private void assertTimesOutAndDropsTheConnection(String path) {
		int closedBefore = stalledConnectionsClosed.get();
		long start = System.nanoTime();
		timedOut(this.client.get().uri("/restapis/bounds/prod/_user_request_" + path));
		// timeoutInMillis is 1 s; the backend would never finish.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900),
				Duration.ofMillis(2500));
		// Dropped rather than returned to the pool, where the next call would read the stalled response's rest.
		Awaitility.await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(stalledConnectionsClosed.get()).isGreaterThan(closedBefore));
		this.client.get().uri("/restapis/bounds/prod/_user_request_/proxy/split?headersMs=0&bodyMs=0").exchange()
			.expectStatus().isOk()
			.expectBody().json("{\"split\":true}", true);
	}

	private static void timedOut(WebTestClient.RequestHeadersSpec<?> request) {
		request.exchange()
			.expectStatus().isEqualTo(504)
			.expectHeader().valueEquals("x-amzn-ErrorType", "InternalServerErrorException")
			.expectHeader().exists("x-amzn-RequestId")
			.expectHeader().contentType("application/json")
			.expectHeader().doesNotExist("X-Backend")
			.expectBody().json("{\"message\":\"Endpoint request timed out\"}", true);
	}

	@Test
	void declaredRequestBodyOverThePayloadLimitIsRefusedBeforeTheBackend() throws Exception {
		int before = backendRequests.get();
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /restapis/bounds/prod/_user_request_/proxy/upload HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/octet-stream\r\nContent-Length: " + (11 * MIB) + "\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
			assertThat(answer).isEqualTo("HTTP/1.1 413");
		}
		assertThat(backendRequests.get()).isEqualTo(before);
	}

	@Test
	void chunkedRequestBodyOverThePayloadLimitIsRefusedBeforeTheBackend() {
		int before = backendRequests.get();
		WebTestClient chunked = WebTestClient.bindToServer(new ReactorClientHttpConnector())
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		byte[] chunk = new byte[MIB];
		chunked.post().uri("/restapis/bounds/prod/_user_request_/proxy/upload")
			.header("Content-Type", "application/octet-stream")
			.body(Flux.range(0, 11).map((i) -> chunk), byte[].class)
			.exchange()
			.expectStatus().isEqualTo(413)
			.expectHeader().valueEquals("x-amzn-ErrorType", "RequestTooLargeException")
			.expectBody().json("{\"message\":\"Request Too Long\"}", true);
		assertThat(backendRequests.get()).isEqualTo(before);
		// Under the limit, a chunked body reaches the backend whole.
		chunked.post().uri("/restapis/bounds/prod/_user_request_/proxy/upload")
			.header("Content-Type", "application/octet-stream")
			.body(Flux.range(0, 9).map((i) -> chunk), byte[].class)
			.exchange()
			.expectStatus().isOk();
		assertThat(backendRequests.get()).isEqualTo(before + 1);
	}

}
