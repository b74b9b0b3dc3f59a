package io.tollgate.test;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * A real WebSocket client (Reactor Netty's) for custom domains: it connects to the gateway on 127.0.0.1 but names the
 * domain in {@code Host} and, over TLS, in SNI, presenting a client certificate when given one (the JDK's client
 * cannot set {@code Host}). Collects the text messages it receives and the close code, and reports a refused
 * handshake's status.
 */
public final class TestDomainWebSocket implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final int MAX_MESSAGE = 256 * 1024;

	private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final CompletableFuture<WebsocketOutbound> connected = new CompletableFuture<>();

	private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();

	private @Nullable Disposable connection;

	private TestDomainWebSocket() {
	}

	/** Connects over plain HTTP, or fails with the {@link WebSocketClientHandshakeException} of a refusal. */
	public static TestDomainWebSocket connect(int port, String domain, String path) {
		return open(HttpClient.create(), "ws://127.0.0.1:" + port + path, domain, port);
	}

	/**
	 * Connects over TLS, trusting {@code serverAuthority}, presenting {@code clientCertificate} when not
	 * {@code null}.
	 */
	public static TestDomainWebSocket connectTls(int port, String domain, String path,
			X509Certificate serverAuthority, TestCertificates.@Nullable Issued clientCertificate) {
		try {
			SslContextBuilder builder = SslContextBuilder.forClient().trustManager(serverAuthority);
			if (clientCertificate != null) {
				builder.keyManager(clientCertificate.key(), clientCertificate.certificate());
			}
			SslContext ssl = builder.build();
			HttpClient http = HttpClient.create()
				.secure((spec) -> spec.sslContext(ssl).serverNames(new SNIHostName(domain)));
			return open(http, "wss://127.0.0.1:" + port + path, domain, port);
		}
		catch (SSLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The status of a refused handshake; fails when {@code connecting} succeeds. */
	public static int refusal(Runnable connecting) {
		try {
			connecting.run();
		}
		catch (WebSocketClientHandshakeException refused) {
			return refused.response().status().code();
		}
		throw new AssertionError("the handshake succeeded");
	}

	private static TestDomainWebSocket open(HttpClient http, String uri, String domain, int port) {
		TestDomainWebSocket client = new TestDomainWebSocket();
		client.connection = http.headers((headers) -> headers.set(HttpHeaderNames.HOST, domain + ":" + port))
			.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_MESSAGE).build())
			.uri(uri)
			.handle((in, out) -> {
				client.connected.complete(out);
				in.receiveCloseStatus()
					.doOnNext((status) -> client.closed.complete(status.code()))
					.doOnTerminate(() -> client.closed.complete(1006))
					.subscribe();
				return in.aggregateFrames(MAX_MESSAGE)
					.receiveFrames()
					.ofType(TextWebSocketFrame.class)
					.doOnNext((frame) -> client.messages.add(frame.text()))
					.then()
					.and(out.sendString(client.outgoing.asFlux()));
			})
			.subscribe(null, (error) -> {
				client.connected.completeExceptionally(error);
				client.closed.complete(1006);
			}, () -> client.closed.complete(1006));
		try {
			client.connected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			client.connection.dispose();
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			client.connection.dispose();
			throw new IllegalStateException("No handshake with " + domain + " at " + uri, ex);
		}
		return client;
	}

	public void send(String message) {
		this.outgoing.tryEmitNext(message).orThrow();
	}

	/** The next text message, failing after a while. */
	public String nextMessage() {
		try {
			String message = this.messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			if (message == null) {
				throw new AssertionError("no message within " + WAIT);
			}
			return message;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The close code the server sent (1006 when the connection ended without one), waiting for it. */
	public int closeCode() {
		try {
			return this.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new AssertionError("connection not closed within " + WAIT);
		}
	}

	/** Closes with 1000, then lets go of the connection. */
	@Override
	public void close() {
		WebsocketOutbound out = this.connected.getNow(null);
		if (out != null && !this.closed.isDone()) {
			out.sendClose(1000, "").onErrorComplete().block(WAIT);
		}
		if (this.connection != null) {
			this.connection.dispose();
		}
	}

}
