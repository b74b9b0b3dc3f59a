package io.tollgate.integration;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;

/** Writes a method response whose headers are set: its status and its whole body, with its length. */
final class MethodResponses {

	private MethodResponses() {
	}

	static Mono<Void> write(ServerHttpResponse response, int status, byte[] body) {
		response.setStatusCode(HttpStatusCode.valueOf(status));
		response.getHeaders().setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}
