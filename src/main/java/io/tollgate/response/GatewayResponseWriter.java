package io.tollgate.response;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.io.JsonStringEncoder;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/** Writes a gateway response as API Gateway renders it by default: {@code {"message":...}} and its error type. */
public final class GatewayResponseWriter {

	/** The header naming the error: {@code x-amzn-ErrorType}. */
	public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

	private GatewayResponseWriter() {
	}

	public static Mono<Void> write(ServerHttpResponse response, GatewayResponseType type, @Nullable String message) {
		response.setStatusCode(HttpStatusCode.valueOf(type.status()));
		response.getHeaders().clear();
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().set(ERROR_TYPE_HEADER, type.errorType());
		byte[] body = body(message).getBytes(StandardCharsets.UTF_8);
		response.getHeaders().setContentLength(body.length);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	/** AWS's default template, {@code {"message":$context.error.messageString}}; null renders as JSON null. */
	static String body(@Nullable String message) {
		if (message == null) {
			return "{\"message\":null}";
		}
		StringBuilder json = new StringBuilder(message.length() + 16).append("{\"message\":\"");
		JsonStringEncoder.getInstance().quoteAsString(message, json);
		return json.append("\"}").toString();
	}

}
