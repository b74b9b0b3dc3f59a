package io.tollgate.integration;

import io.tollgate.response.GatewayResponseException;
import io.tollgate.response.GatewayResponseType;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Reads a method request's whole body, within AWS's 10 MB payload limit. */
final class RequestBodies {

	/** AWS's payload limit. */
	static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

	private static final byte[] EMPTY = new byte[0];

	private RequestBodies() {
	}

	/** The body's bytes, empty when there is none; {@code REQUEST_TOO_LARGE} beyond the limit. */
	static Mono<byte[]> read(ServerHttpRequest request) {
		if (request.getHeaders().getContentLength() > MAX_BODY_BYTES) {
			return Mono.error(new GatewayResponseException(GatewayResponseType.REQUEST_TOO_LARGE));
		}
		return DataBufferUtils.join(request.getBody(), MAX_BODY_BYTES)
			.map(RequestBodies::consume)
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new GatewayResponseException(GatewayResponseType.REQUEST_TOO_LARGE))
			.defaultIfEmpty(EMPTY);
	}

	private static byte[] consume(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
