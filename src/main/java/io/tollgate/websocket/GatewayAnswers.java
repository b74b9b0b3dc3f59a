package io.tollgate.websocket;

import java.nio.charset.StandardCharsets;

import io.tollgate.pipeline.RequestIds;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The HTTP answers of the WebSocket data plane (a refused handshake, the {@code @connections} API) in AWS's shape:
 * the status, {@code {"message": ...}}, {@code x-amzn-RequestId} and {@code x-amzn-ErrorType}.
 */
final class GatewayAnswers {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private GatewayAnswers() {
	}

	/**
	 * @param message the body's message; {@code null} for an empty body
	 * @param errorType {@code x-amzn-ErrorType}, or {@code null}
	 */
	static Mono<Void> write(ServerWebExchange exchange, int status, @Nullable String message,
			@Nullable String errorType) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatusCode.valueOf(status));
		response.getHeaders().set("x-amzn-RequestId", RequestIds.requestId());
		if (errorType != null) {
			response.getHeaders().set("x-amzn-ErrorType", errorType);
		}
		if (message == null) {
			return response.setComplete();
		}
		byte[] body = JSON.writeValueAsString(java.util.Map.of("message", message)).getBytes(StandardCharsets.UTF_8);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	/** A JSON body as it is. */
	static Mono<Void> json(ServerWebExchange exchange, int status, String json) {
		ServerHttpResponse response = exchange.getResponse();
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		response.setStatusCode(HttpStatusCode.valueOf(status));
		response.getHeaders().set("x-amzn-RequestId", RequestIds.requestId());
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}
