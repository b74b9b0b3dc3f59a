package io.tollgate.websocket;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.redis.RequestEventLoops;
import io.tollgate.validation.RequiredParameter;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * A WebSocket handshake as API Gateway runs it: the new-connection rate, then the throttle of {@code $connect} (the
 * gateway-wide one and the stage's route settings), then {@code $connect}'s authorization, then its integration, all
 * while the upgrade waits; a 2xx answer completes the handshake (with the integration's headers,
 * {@code Sec-WebSocket-Protocol} included, on the 101 response), any other status refuses it with that status.
 */
final class ConnectHandler {

	/** Headers of the integration's answer that the handshake itself owns. */
	private static final Set<String> HANDSHAKE_HEADERS = Set.of("connection", "upgrade", "sec-websocket-accept",
			"sec-websocket-protocol", "sec-websocket-extensions", "content-length", "transfer-encoding", "keep-alive",
			"proxy-connection", "te", "trailer");

	private final ConnectionSession sessions;

	private final WebSocketProperties properties;

	private final WebSocketObserver observer;

	private final Bucket newConnections;

	ConnectHandler(ConnectionSession sessions, WebSocketProperties properties, WebSocketObserver observer) {
		this.sessions = sessions;
		this.properties = properties;
		this.observer = observer;
		this.newConnections = Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(properties.newConnectionsPerSecond())
				.refillGreedy(properties.newConnectionsPerSecond(), Duration.ofSeconds(1))
				.build())
			.build();
	}

	/** @param domainName the custom domain the client connected through, {@code null} for the execute-api forms */
	Mono<Void> handle(ServerWebExchange exchange, WebSocketStage stage, @Nullable String domainName) {
		ServerHttpRequest request = exchange.getRequest();
		if (request.getHeaders().getFirst("Sec-WebSocket-Key") == null
				|| !"13".equals(request.getHeaders().getFirst("Sec-WebSocket-Version"))) {
			return GatewayAnswers.write(exchange, 400, "Bad Request", "BadRequestException");
		}
		if (!this.newConnections.tryConsume(1)) {
			return GatewayAnswers.write(exchange, 429, "Too Many Requests", "LimitExceededException");
		}
		if (request.getHeaders().getContentLength() > 0 || request.getHeaders().containsHeader("Transfer-Encoding")) {
			return GatewayAnswers.write(exchange, 400, "Bad Request", "BadRequestException");
		}
		ConnectionContext connection = context(request, stage, domainName);
		return stage.connectThrottle().acquire().flatMap((outcome) -> switch (outcome) {
			case THROTTLED -> refuse(exchange, connection, GatewayResponseType.THROTTLED);
			case UNAVAILABLE -> refuse(exchange, connection, 503, "Service Unavailable", "ServiceUnavailableException");
			// Reading the (empty) request to its end ends the HTTP server's read deadlines, which would otherwise cut
			// the upgraded connection at tollgate.server.request-timeout.
			case ADMITTED -> request.getBody()
				.doOnNext(DataBufferUtils::release)
				.then(Mono.defer(() -> authorizeAndConnect(exchange, stage, connection)));
		});
	}

	/** A handshake refused before authorization and the integration run; counted as a client error. */
	private Mono<Void> refuse(ServerWebExchange exchange, ConnectionContext connection, GatewayResponseType type) {
		return refuse(exchange, connection, type.status(), java.util.Objects.requireNonNull(type.defaultMessage()),
				type.errorType());
	}

	private Mono<Void> refuse(ServerWebExchange exchange, ConnectionContext connection, int status, String message,
			String errorType) {
		this.observer.refused(RouteEvent.connect(connection), status);
		return GatewayAnswers.write(exchange, status, message, errorType);
	}

	private Mono<Void> authorizeAndConnect(ServerWebExchange exchange, WebSocketStage stage,
			ConnectionContext connection) {
		ServerHttpRequest request = exchange.getRequest();
		return stage.connect().authorize(request, connection).flatMap((decision) -> {
			if (decision instanceof ConnectAuthorization.Decision.Refuse refuse) {
				this.observer.refused(RouteEvent.connect(connection), refuse.status());
				return GatewayAnswers.write(exchange, refuse.status(), refuse.message(), refuse.errorType());
			}
			return connect(exchange, stage, ((ConnectAuthorization.Decision.Allow) decision).connection());
		});
	}

	private Mono<Void> connect(ServerWebExchange exchange, WebSocketStage stage, ConnectionContext connection) {
		WebSocketRoute route = stage.route(WebSocketRoute.CONNECT);
		List<String> missing = (route != null) ? route.validation().missingParameters(exchange.getRequest())
				: List.of();
		if (!missing.isEmpty()) {
			this.observer.refused(RouteEvent.connect(connection), 400);
			return GatewayAnswers.write(exchange, 400, RequiredParameter.message(missing), "BadRequestException");
		}
		RouteIntegration integration = (route != null) ? route.integration() : null;
		if (integration == null) {
			return upgrade(exchange, stage, connection, IntegrationReply.ok(null));
		}
		RouteEvent event = RouteEvent.connect(connection);
		long started = System.nanoTime();
		return integration.invoke(event).flatMap((reply) -> {
			this.observer.integrated(event, reply, System.nanoTime() - started);
			if (!reply.successful()) {
				this.observer.refused(event, reply.statusCode());
				return GatewayAnswers.write(exchange, reply.statusCode(), null, null);
			}
			return upgrade(exchange, stage, connection, reply);
		}).onErrorResume((ex) -> {
			this.observer.failed(event, ex, System.nanoTime() - started);
			this.observer.refused(event, 500);
			return GatewayAnswers.write(exchange, 500, "Internal server error", null);
		});
	}

	private Mono<Void> upgrade(ServerWebExchange exchange, WebSocketStage stage, ConnectionContext connection,
			IntegrationReply reply) {
		HttpServerResponse response = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
		String protocol = null;
		for (Map.Entry<String, List<String>> header : reply.headers().entrySet()) {
			String name = header.getKey();
			if (name.equalsIgnoreCase("Sec-WebSocket-Protocol")) {
				protocol = header.getValue().isEmpty() ? null : header.getValue().get(0);
			}
			else if (isToken(name) && !HANDSHAKE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
				for (String value : header.getValue()) {
					if (isSafeValue(value)) {
						response.addHeader(name, value);
					}
				}
			}
		}
		WebsocketServerSpec.Builder spec = WebsocketServerSpec.builder()
			.maxFramePayloadLength(this.properties.frameBytes());
		if (protocol != null && isSafeValue(protocol)) {
			spec.protocols(protocol);
		}
		// The handshake is begun on the connection's own event loop. Begun from another thread (the $connect
		// integration's or Redis's), Reactor Netty could bind the WebSocket session to the connection in a task queued
		// behind the read of the client's first frame, sent as soon as the 101 arrived: that frame went to the HTTP
		// exchange and the message was lost. On the loop, the 101 is written and the session bound in one go.
		return this.sessions.open(connection).publishOn(RequestEventLoops.of(exchange)).flatMap((live) -> {
			// Reactor Netty runs the handler as the handshake completes, before the returned Mono does: a handler
			// not started by then never will be.
			AtomicBoolean started = new AtomicBoolean();
			return response.sendWebsocket((in, out) -> {
				started.set(true);
				return this.sessions.run(in, out, live, stage);
			}, spec.build()).doFinally((signal) -> {
				if (!started.get()) {
					this.sessions.abandon(live);
				}
			});
		});
	}

	private static ConnectionContext context(ServerHttpRequest request, WebSocketStage stage,
			@Nullable String domainName) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.getHeaders().forEach((name, values) -> headers.computeIfAbsent(name, (key) -> new ArrayList<>())
			.addAll(values));
		Map<String, List<String>> query = new LinkedHashMap<>(request.getQueryParams());
		InetSocketAddress remote = request.getRemoteAddress();
		String host = request.getHeaders().getFirst(HttpHeaders.HOST);
		return new ConnectionContext(ConnectionIds.next(), stage.apiId(), stage.stage(), stage.deploymentId(),
				System.currentTimeMillis(), (domainName != null) ? domainName : (host != null) ? host : "",
				(remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "",
				request.getHeaders().getFirst(HttpHeaders.USER_AGENT), headers, query, stage.stageVariables(),
				io.tollgate.pipeline.CallerIdentity.ANONYMOUS, io.tollgate.pipeline.AuthorizerOutput.NONE);
	}

	private static boolean isToken(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
				return false;
			}
		}
		return true;
	}

	/** No CR, LF or NUL ever reaches a header. */
	private static boolean isSafeValue(@Nullable String value) {
		if (value == null) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\r' || c == '\n' || c == 0) {
				return false;
			}
		}
		return true;
	}

}
