package io.tollgate.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestBackend;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.TestPropertySource;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read deadlines and connection caps, attacked with raw sockets as a slow or half-open client would: partial request
 * heads, bodies that stall or drip, and more connections than a server admits, on the data plane, the management
 * API and the actuator.
 */
@TestPropertySource(properties = { "tollgate.server.idle-timeout=2s", "tollgate.server.read-timeout=1s",
		"tollgate.server.request-timeout=2s", "tollgate.server.max-connections=48", "tollgate.admin.max-connections=8" })
class ConnectionLimitsTests extends BaseAdminTests {

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);

	/** Room for a loaded machine: a deadline is met when the connection is gone within it plus this. */
	private static final Duration SLACK = Duration.ofSeconds(3);

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private final List<Socket> sockets = new ArrayList<>();

	@BeforeEach
	void serveEcho() {
		serve(deploy(withMethod(TestApis.api("slow"), "/echo",
				method("POST", TestApis.httpProxy("POST", backend.url() + "/echo", 5000, Map.of()))), "d1", "prod",
				Map.of()));
	}

	@AfterEach
	void closeSockets() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	@Test
	void partialRequestHeadsAreAnswered408WithinTheIdleTimeoutWhileOtherRequestsAreServed() throws Exception {
		List<Socket> partial = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			Socket socket = open(this.port);
			send(socket, "GET /restapis/slow/prod/_user_request_/echo HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
			partial.add(socket);
		}
		long start = System.nanoTime();
		this.client.post().uri("/restapis/slow/prod/_user_request_/echo").bodyValue("{}").exchange()
			.expectStatus().isOk();
		for (Socket socket : partial) {
			assertRequestTimeout(readUntilClosed(socket, IDLE_TIMEOUT.plus(SLACK)));
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDLE_TIMEOUT.plus(SLACK));
	}

	@Test
	void connectionsThatSentNothingAreClosedWithoutAnAnswerAfterTheIdleTimeout() throws Exception {
		Socket silent = open(this.port);
		Socket afterAnswer = open(this.port);
		send(afterAnswer, "POST /restapis/slow/prod/_user_request_/echo HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
		assertThat(readUntilClosed(silent, IDLE_TIMEOUT.plus(SLACK))).isEmpty();
		String answered = readUntilClosed(afterAnswer, IDLE_TIMEOUT.plus(SLACK));
		assertThat(answered).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain(" 408 ");
	}

	@Test
	void aMalformedRequestHeadIsAnswered400AloneAndClosed() throws Exception {
		Socket socket = open(this.port);
		send(socket, "GET /restapis/slow/prod/_user_request_/echo HTTP/1.1\r\nHost: localhost\r\nX-Bad: a\u0000b\r\n\r\n");
		String answer = readUntilClosed(socket, IDLE_TIMEOUT.plus(SLACK));
		assertThat(answer).startsWith("HTTP/1.1 400 ").doesNotContain("408");
	}

	@Test
	void stalledRequestBodyIsAnswered408AndClosedAfterTheReadTimeout() throws Exception {
		Socket socket = open(this.port);
		send(socket, "POST /restapis/slow/prod/_user_request_/echo HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":");
		long start = System.nanoTime();
		assertRequestTimeout(readUntilClosed(socket, Duration.ofSeconds(1).plus(SLACK)));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1).plus(SLACK));
	}

	@Test
	void drippingRequestBodyIsAnswered408AndClosedAfterTheRequestTimeout() throws Exception {
		Socket socket = open(this.port);
		send(socket, "POST /restapis/slow/prod/_user_request_/echo HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n");
		long start = System.nanoTime();
		// One byte every 300 ms never trips the read timeout (1 s); the request timeout (2 s) bounds the whole body.
		CompletableFuture<Void> drip = CompletableFuture.runAsync(() -> {
			try {
				for (int i = 0; i < 100 && !socket.isClosed(); i++) {
					send(socket, " ");
					TimeUnit.MILLISECONDS.sleep(300);
				}
			}
			catch (IOException | InterruptedException ex) {
				// the gateway closed the connection
			}
		});
		String answer = readUntilClosed(socket, Duration.ofSeconds(2).plus(SLACK));
		drip.cancel(true);
		assertRequestTimeout(answer);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2).plus(SLACK));
	}

	@Test
	void managementApiAnswersStalledBodiesAndPartialHeads408() throws Exception {
		Socket head = open(this.adminServer.port());
		send(head, "GET /restapis HTTP/1.1\r\nHost: localhost\r\n");
		Socket body = open(this.adminServer.port());
		send(body, "POST /restapis HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 100\r\n\r\n{\"name\":");
		assertRequestTimeout(readUntilClosed(body, Duration.ofSeconds(1).plus(SLACK)));
		assertRequestTimeout(readUntilClosed(head, IDLE_TIMEOUT.plus(SLACK)));
	}

	@Test
	void actuatorAnswersPartialHeads408() throws Exception {
		Socket head = open(this.managementPort);
		send(head, "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n");
		assertRequestTimeout(readUntilClosed(head, IDLE_TIMEOUT.plus(SLACK)));
	}

	@Test
	void managementApiRefusesConnectionsBeyondItsCap() throws Exception {
		List<Socket> opened = openMany(this.adminServer.port(), 12);
		assertThat(awaitRefused(opened, 4)).hasSize(8);
		for (Socket socket : opened) {
			socket.close();
		}
		this.apiGateway.getRestApis((request) -> { });
	}

	@Test
	void dataPlaneRefusesConnectionsBeyondItsCap() throws Exception {
		List<Socket> opened = openMany(this.port, 60);
		// The test client's pooled connections count too.
		assertThat(awaitRefused(opened, 12)).hasSizeBetween(40, 48);
		for (Socket socket : opened) {
			socket.close();
		}
		this.client.post().uri("/restapis/slow/prod/_user_request_/echo").bodyValue("{}").exchange()
			.expectStatus().isOk();
	}

	private List<Socket> openMany(int port, int count) throws IOException {
		List<Socket> opened = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			opened.add(open(port));
		}
		return opened;
	}

	/**
	 * Waits until at least {@code refused} of the sockets are closed by the server, well within the idle timeout,
	 * and answers the ones still open: closed by the cap, not by the idle timeout, which would close them all.
	 */
	private static List<Socket> awaitRefused(List<Socket> opened, int refused) {
		List<Socket> open = new ArrayList<>();
		Awaitility.await().atMost(IDLE_TIMEOUT.dividedBy(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
			open.clear();
			for (Socket socket : opened) {
				if (isOpen(socket)) {
					open.add(socket);
				}
			}
			return opened.size() - open.size() >= refused;
		});
		return open;
	}

	/** A request whose head or body did not arrive in time is answered 408 alone, the connection closed after it. */
	private static void assertRequestTimeout(String answer) {
		assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n")
			.containsIgnoringCase("\r\nconnection: close\r\n")
			.containsIgnoringCase("\r\nx-amzn-RequestId: ")
			.endsWith("\r\n\r\n{\"message\":\"Request Timeout\"}");
	}

	private Socket open(int port) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		this.sockets.add(socket);
		return socket;
	}

	private static void send(Socket socket, String text) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(text.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	/** What the server sent until it closed the connection; fails when it is still open after {@code within}. */
	private static String readUntilClosed(Socket socket, Duration within) throws IOException {
		long deadline = System.nanoTime() + within.toNanos();
		StringBuilder received = new StringBuilder();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[4096];
		while (true) {
			long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			assertThat(left).as("connection still open after %s; received so far: %s", within, received)
				.isPositive();
			socket.setSoTimeout((int) left);
			try {
				int read = in.read(buffer);
				if (read < 0) {
					return received.toString();
				}
				received.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
			}
			catch (SocketTimeoutException ex) {
				// loop: the assertion above reports it
			}
			catch (IOException ex) {
				// reset by the server: closed
				return received.toString();
			}
		}
	}

	/** Whether the server still holds a connection that sent nothing (it has not closed it). */
	private static boolean isOpen(Socket socket) throws IOException {
		socket.setSoTimeout(1);
		try {
			return socket.getInputStream().read() >= 0;
		}
		catch (SocketTimeoutException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
