package io.tollgate.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * A real WebSocket client (the JDK's {@code java.net.http.WebSocket}) for tests: connects, collects the text messages
 * it receives and the close code the server sent, and reports a refused handshake's status.
 */
public final class TestWebSocket implements WebSocket.Listener, AutoCloseable {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final StringBuilder partial = new StringBuilder();

	private @Nullable WebSocket socket;

	private TestWebSocket() {
	}

	/** Connects, or fails with the {@link WebSocketHandshakeException} of a refused handshake. */
	public static TestWebSocket connect(URI uri, Map<String, String> headers, String... subprotocols) {
		TestWebSocket client = new TestWebSocket();
		WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
		headers.forEach(builder::header);
		if (subprotocols.length > 0) {
			builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
		}
		try {
			client.socket = builder.buildAsync(uri, client).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new CompletionException(ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new IllegalStateException("No handshake with " + uri, ex);
		}
		return client;
	}

	public static TestWebSocket connect(URI uri) {
		return connect(uri, Map.of());
	}

	/** The status a refused handshake was answered with; fails when the handshake succeeds. */
	public static int refusal(URI uri, Map<String, String> headers) {
		try (TestWebSocket connected = connect(uri, headers)) {
			throw new AssertionError("handshake with " + uri + " succeeded");
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				return refused.getResponse().statusCode();
			}
			throw ex;
		}
	}

	public WebSocket socket() {
		if (this.socket == null) {
			throw new IllegalStateException("not connected");
		}
		return this.socket;
	}

	public void send(String message) {
		socket().sendText(message, true).join();
	}

	/** Sends a message in fragments (one frame each). */
	public void sendFragments(String... fragments) {
		for (int i = 0; i < fragments.length; i++) {
			socket().sendText(fragments[i], i == fragments.length - 1).join();
		}
	}

	/** The next text message, failing after a while. */
	public String nextMessage() {
		return nextMessage(WAIT);
	}

	public String nextMessage(Duration wait) {
		try {
			String message = this.messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
			if (message == null) {
				throw new AssertionError("no message within " + wait);
			}
			return message;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A message if one arrives within {@code wait}, else {@code null}. */
	public @Nullable String pollMessage(Duration wait) throws InterruptedException {
		return this.messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The close code the server sent (or 1006 when the connection ended without one), waiting for it. */
	public int closeCode() {
		return closeCode(WAIT);
	}

	public int closeCode(Duration wait) {
		try {
			return this.closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			return 1006;
		}
		catch (TimeoutException ex) {
			throw new AssertionError("connection not closed within " + wait);
		}
	}

	public boolean isClosed() {
		return this.closed.isDone();
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			this.messages.add(this.partial.toString());
			this.partial.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.complete(1006);
	}

	/** Closes with 1000 if still open, without waiting for the server. */
	@Override
	public void close() {
		if (this.socket != null && !this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null);
		}
	}

}
