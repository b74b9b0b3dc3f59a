package io.tollgate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.ConcurrentHistogram;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

/**
 * The WebSocket message round trip of {@code bench/websocket.sh}: creates a WebSocket API through the management
 * API (a two-way {@code $default} route on a MOCK integration whose response template answers the message id),
 * opens {@code connections} WebSocket connections, then each connection sends a message and waits for its reply
 * before the next (a closed loop) for {@code seconds}; prints messages per second and the round trip's p50, p99 and
 * max. Arguments: data port, admin port, admin access key, admin secret, connections, warm-up seconds, seconds.
 */
public final class WebSocketRoundTrip {

	private WebSocketRoundTrip() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int adminPort = Integer.parseInt(args[1]);
		int connections = Integer.parseInt(args[4]);
		int warmup = Integer.parseInt(args[5]);
		int seconds = Integer.parseInt(args[6]);
		String apiId;
		try (ApiGatewayV2Client v2 = ApiGatewayV2Client.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + adminPort))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(args[2], args[3])))
			.httpClient(ApacheHttpClient.create())
			.build()) {
			apiId = v2.createApi((api) -> api.name("bench-ws")
				.protocolType(ProtocolType.WEBSOCKET)
				.routeSelectionExpression("$request.body.action")).apiId();
			String integrationId = v2.createIntegration((integration) -> integration.apiId(apiId)
				.integrationType(IntegrationType.MOCK)
				.requestTemplates(Map.of("$default", "{\"statusCode\": 200}"))
				.templateSelectionExpression("\\$default")).integrationId();
			v2.createIntegrationResponse((response) -> response.apiId(apiId)
				.integrationId(integrationId)
				.integrationResponseKey("$default")
				.responseTemplates(Map.of("$default", "$context.messageId")));
			String routeId = v2.createRoute((route) -> route.apiId(apiId)
				.routeKey("$default")
				.target("integrations/" + integrationId)).routeId();
			v2.createRouteResponse((response) -> response.apiId(apiId).routeId(routeId).routeResponseKey("$default"));
			v2.createStage((stage) -> stage.apiId(apiId).stageName("bench"));
			v2.createDeployment((deployment) -> deployment.apiId(apiId).stageName("bench"));
		}
		URI uri = URI.create("ws://127.0.0.1:" + port + "/restapis/" + apiId + "/bench/_user_request_");
		HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
		ConcurrentHistogram histogram = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
		AtomicLong messages = new AtomicLong();
		AtomicBoolean measuring = new AtomicBoolean();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Loop> loops = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			Loop loop = new Loop(histogram, messages, measuring, running);
			// New connections per second are limited (AWS: 500/s): a refused handshake is retried.
			while (true) {
				try {
					loop.socket = client.newWebSocketBuilder().buildAsync(uri, loop).get(10, TimeUnit.SECONDS);
					break;
				}
				catch (Exception ex) {
					Thread.sleep(50);
				}
			}
			loops.add(loop);
		}
		System.err.println("connections open: " + loops.size());
		loops.forEach(Loop::next);
		Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
		histogram.reset();
		messages.set(0);
		measuring.set(true);
		long started = System.nanoTime();
		Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
		measuring.set(false);
		double elapsed = (System.nanoTime() - started) / 1e9;
		running.set(false);
		long count = messages.get();
		System.out.printf("connections=%d messages=%d messages_per_second=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
				loops.size(), count, count / elapsed, histogram.getValueAtPercentile(50) / 1e6,
				histogram.getValueAtPercentile(99) / 1e6, histogram.getMaxValue() / 1e6);
		CompletableFuture.allOf(loops.stream()
			.map((loop) -> loop.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null))
			.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		System.exit(0);
	}

	/** One connection's closed loop: a message, its reply, the next message. */
	private static final class Loop implements WebSocket.Listener {

		private final ConcurrentHistogram histogram;

		private final AtomicLong messages;

		private final AtomicBoolean measuring;

		private final AtomicBoolean running;

		private volatile long sentAt;

		volatile WebSocket socket;

		Loop(ConcurrentHistogram histogram, AtomicLong messages, AtomicBoolean measuring, AtomicBoolean running) {
			this.histogram = histogram;
			this.messages = messages;
			this.measuring = measuring;
			this.running = running;
		}

		void next() {
			if (!this.running.get()) {
				return;
			}
			this.sentAt = System.nanoTime();
			this.socket.sendText("{\"action\":\"bench\",\"text\":\"hello\"}", true);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			if (last) {
				if (this.measuring.get()) {
					this.histogram.recordValue(Math.min(System.nanoTime() - this.sentAt, TimeUnit.SECONDS.toNanos(30)));
					this.messages.incrementAndGet();
				}
				next();
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			System.err.println("connection failed: " + error);
		}

	}


}
