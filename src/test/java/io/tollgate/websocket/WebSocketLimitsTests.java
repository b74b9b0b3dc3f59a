package io.tollgate.websocket;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.DefinitionStore;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.TestWebSocket;
import io.tollgate.test.TestWebSocketApis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS's WebSocket limits, each with its close code, on small settings: idle timeout (1001), frame and message size
 * (1009), binary frames (1003) and the new-connection rate (429); the HTTP server's read deadlines do not apply to
 * an upgraded connection.
 */
@TestPropertySource(properties = { "tollgate.websocket.idle-timeout=1500ms", "tollgate.websocket.max-frame-size=1KB",
		"tollgate.websocket.max-message-size=4KB", "tollgate.websocket.new-connections-per-second=2",
		"tollgate.server.idle-timeout=300ms", "tollgate.server.read-timeout=300ms",
		"tollgate.server.request-timeout=300ms" })
class WebSocketLimitsTests extends BaseGatewayTests {

	@Autowired
	DefinitionStore<ApiV2Definition> v2Store;

	@Autowired
	WebSocketStageTable stages;

	@BeforeEach
	void echoApi() {
		if (this.v2Store.find("limits").blockOptional().isPresent()) {
			return;
		}
		ApiV2Definition api = TestWebSocketApis.withRoute(TestWebSocketApis.api("limits"), "$default",
				TestWebSocketApis.mock("echo", 200), true);
		api = api.withIntegrationResponse("echo", TestWebSocketApis.response("$default", "$context.messageId"));
		this.v2Store.save(TestWebSocketApis.deploy(api, "d1", "prod"), DefinitionStore.ABSENT).block();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.stages.find("limits", "prod") != null);
	}

	URI uri() {
		return URI.create("ws://127.0.0.1:" + this.port + "/restapis/limits/prod/_user_request_");
	}

	/** Handshakes beyond the rate are refused: retried until one gets through. */
	TestWebSocket connect() {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> TestWebSocket.connect(uri()), (client) -> client != null);
	}

	@Test
	void anIdleConnectionIsClosedWith1001AndMessagesKeepItOpenBeyondTheServersReadDeadlines() throws Exception {
		try (TestWebSocket idle = connect(); TestWebSocket busy = connect()) {
			long started = System.nanoTime();
			for (int i = 0; i < 5; i++) {
				busy.send("ping " + i);
				busy.nextMessage();
				Thread.sleep(500);
			}
			assertThat(busy.isClosed()).isFalse();
			assertThat(idle.closeCode()).isEqualTo(1001);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(2000));
		}
	}

	@Test
	void aFrameOverTheFrameSizeClosesTheConnectionWith1009() {
		try (TestWebSocket client = connect()) {
			client.send("x".repeat(1024));
			assertThat(client.nextMessage()).isNotEmpty();
			client.socket().sendText("x".repeat(1025), true);
			assertThat(client.closeCode()).isEqualTo(1009);
		}
	}

	@Test
	void aMessageOverTheMessageSizeClosesTheConnectionWith1009() {
		try (TestWebSocket client = connect()) {
			String frame = "y".repeat(1000);
			client.sendFragments(frame, frame, frame, frame);
			assertThat(client.nextMessage()).isNotEmpty();
			client.sendFragments(frame, frame, frame, frame, frame);
			assertThat(client.closeCode()).isEqualTo(1009);
		}
	}

	@Test
	void aBinaryFrameClosesTheConnectionWith1003() {
		try (TestWebSocket client = connect()) {
			client.socket().sendBinary(java.nio.ByteBuffer.wrap(new byte[] { 1, 2, 3 }), true);
			assertThat(client.closeCode()).isEqualTo(1003);
		}
	}

	@Test
	void handshakesBeyondTheNewConnectionRateAreRefusedWith429() {
		List<CompletableFuture<Integer>> handshakes = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			handshakes.add(CompletableFuture.supplyAsync(() -> {
				try (TestWebSocket client = TestWebSocket.connect(uri(), Map.of())) {
					return 101;
				}
				catch (CompletionException ex) {
					return (ex.getCause() instanceof WebSocketHandshakeException refused)
							? refused.getResponse().statusCode() : -1;
				}
			}));
		}
		List<Integer> statuses = handshakes.stream().map(CompletableFuture::join).toList();
		assertThat(statuses).contains(429).doesNotContain(-1);
	}

}
