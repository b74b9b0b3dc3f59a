package io.tollgate.websocket;

import io.tollgate.domain.DomainRegistry;
import io.tollgate.domain.MutualTlsVerifier;
import io.tollgate.model.ApiMapping;
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
 * ({@code Host: {apiId}.execute-api.*}), its path-style form and the default API; and through a custom domain whose
 * API mapping names a WebSocket API, the handshake to {@code /{apiMappingKey}} and
 * {@code /{apiMappingKey}/@connections/{connectionId}} (no stage segment: the mapping names the stage), after the
 * domain's mutual TLS admitted the client. An API with {@code disableExecuteApiEndpoint} is served only through its
 * custom domains (403 at the other addresses). Everything else goes on to the REST and HTTP API routes.
 */
public final class WebSocketHandlerMapping extends AbstractHandlerMapping {

	/**
	 * Ahead of the API routes' mapping (-2), which answers every other request of the data port, and behind the
	 * actuator's (-100), should it share the port.
	 */
	public static final int ORDER = -3;

	private static final WebHandler FORBIDDEN = (refused) -> GatewayAnswers.write(refused, 403, "Forbidden",
			"ForbiddenException");

	private final WebSocketStages stages;

	private final ConnectHandler connects;

	private final ConnectionsApiHandler connections;

	private final DomainRegistry domains;

	private final MutualTlsVerifier mutualTls;

	private final @Nullable String defaultApi;

	WebSocketHandlerMapping(WebSocketStages stages, ConnectHandler connects, ConnectionsApiHandler connections,
			DomainRegistry domains, MutualTlsVerifier mutualTls, @Nullable String defaultApi) {
		this.stages = stages;
		this.connects = connects;
		this.connections = connections;
		this.domains = domains;
		this.mutualTls = mutualTls;
		this.defaultApi = defaultApi;
		setOrder(ORDER);
	}

	@Override
	protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
		// Every REST and HTTP API request passes here first: without WebSocket APIs it parses nothing.
		if (!this.stages.servesAny() || exchange.getAttributes().containsKey(ExchangeAttributes.INVOKE_REQUEST_REFUSAL)) {
			return Mono.empty();
		}
		ServerHttpRequest request = exchange.getRequest();
		String host = request.getHeaders().getFirst(HttpHeaders.HOST);
		DomainRegistry.DomainRequest domainRequest = this.domains.resolve(exchange);
		if (domainRequest != null) {
			return domainHandler(request, domainRequest);
		}
		InvokeTarget target = InvokeTarget.parse(host, request.getURI().getRawPath(), this.defaultApi);
		if (target == null || !this.stages.isWebSocketApi(target.apiId())) {
			return Mono.empty();
		}
		return Mono.just(handler(request, target, null));
	}

	/**
	 * A request to a custom domain: handled here when its mapping names a WebSocket API, else left to the routes
	 * (which answer an unmapped path with 403).
	 */
	private Mono<WebHandler> domainHandler(ServerHttpRequest request, DomainRegistry.DomainRequest domainRequest) {
		ApiMapping mapping = domainRequest.mapping();
		String stage = domainRequest.stage();
		if (mapping == null || stage == null || !this.stages.isWebSocketApi(mapping.apiId())) {
			return Mono.empty();
		}
		InvokeTarget target = new InvokeTarget(mapping.apiId(), stage, domainRequest.path());
		String domainName = domainRequest.domain().domainName();
		return this.mutualTls.verify(domainRequest.domain(), request)
			.map((admitted) -> handler(request, target, domainName))
			.defaultIfEmpty(FORBIDDEN);
	}

	/** @param domainName the custom domain the request came through, {@code null} for the execute-api forms */
	private WebHandler handler(ServerHttpRequest request, InvokeTarget target, @Nullable String domainName) {
		WebSocketStage stage = this.stages.find(target.apiId(), target.stage());
		if (stage == null || (domainName == null && stage.executeApiEndpointDisabled())) {
			return FORBIDDEN;
		}
		if (ConnectionsApiHandler.addresses(target)) {
			return (call) -> this.connections.handle(call, target);
		}
		boolean upgrade = isHandshake(request);
		if (upgrade && target.path().equals("/")) {
			return (handshake) -> this.connects.handle(handshake, stage, domainName);
		}
		if (domainName != null && !upgrade && !target.path().equals("/")) {
			// What AWS answers a callback URL built as https://{domain}/{stage} where the mapping key is not the stage.
			String message = "No method found matching route " + target.path().substring(1) + " for http method "
					+ request.getMethod().name() + ".";
			return (refused) -> GatewayAnswers.write(refused, 403, message, "ForbiddenException");
		}
		return FORBIDDEN;
	}

	private static boolean isHandshake(ServerHttpRequest request) {
		return HttpMethod.GET.equals(request.getMethod())
				&& "websocket".equalsIgnoreCase(request.getHeaders().getFirst(HttpHeaders.UPGRADE));
	}

}
