package io.tollgate.websocket;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.InvokeTarget;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/**
 * Takes the data plane's requests to WebSocket APIs ahead of the gateway's route mapping: a WebSocket handshake to
 * {@code /{stage}} and the {@code @connections} API below it, at the invoke URL's host form
 * ({@code Host: {apiId}.execute-api.*}), its path-style form and the default API. Everything else goes on to the
 * REST and HTTP API routes.
 */
public final class WebSocketHandlerMapping extends AbstractHandlerMapping {

	/** Ahead of Spring Cloud Gateway's {@code RoutePredicateHandlerMapping} (order 1). */
	public static final int ORDER = 0;

	private final WebSocketStages stages;

	private final ConnectHandler connects;

	private final ConnectionsApiHandler connections;

	private final @Nullable String defaultApi;

	WebSocketHandlerMapping(WebSocketStages stages, ConnectHandler connects, ConnectionsApiHandler connections,
			@Nullable String defaultApi) {
		this.stages = stages;
		this.connects = connects;
		this.connections = connections;
		this.defaultApi = defaultApi;
		setOrder(ORDER);
	}

	@Override
	protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
		if (exchange.getAttributes().containsKey(ExchangeAttributes.INVOKE_REQUEST_REFUSAL)) {
			return Mono.empty();
		}
		ServerHttpRequest request = exchange.getRequest();
		InvokeTarget target = InvokeTarget.parse(request.getHeaders().getFirst(HttpHeaders.HOST),
				request.getURI().getRawPath(), this.defaultApi);
		if (target == null || !this.stages.isWebSocketApi(target.apiId())) {
			return Mono.empty();
		}
		WebSocketStage stage = this.stages.find(target.apiId(), target.stage());
		WebHandler handler;
		if (stage == null) {
			handler = (refused) -> GatewayAnswers.write(refused, 403, "Forbidden", "ForbiddenException");
		}
		else if (ConnectionsApiHandler.addresses(target)) {
			handler = (call) -> this.connections.handle(call, target);
		}
		else if (isHandshake(request) && target.path().equals("/")) {
			handler = (handshake) -> this.connects.handle(handshake, stage);
		}
		else {
			handler = (refused) -> GatewayAnswers.write(refused, 403, "Forbidden", "ForbiddenException");
		}
		return Mono.just(handler);
	}

	private static boolean isHandshake(ServerHttpRequest request) {
		return HttpMethod.GET.equals(request.getMethod())
				&& "websocket".equalsIgnoreCase(request.getHeaders().getFirst(HttpHeaders.UPGRADE));
	}

}
