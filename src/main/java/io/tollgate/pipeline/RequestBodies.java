package io.tollgate.pipeline;

import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/**
 * A request's whole body, read without blocking within AWS's 10 MB payload limit, and handed on readable again: the
 * one way every step that must see the body (the IAM authorizer's hash check, request validation, the integrations,
 * the management API's SigV4 check) reads it and leaves it for the next.
 */
public final class RequestBodies {

	/** AWS's payload limit. */
	public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

	private static final byte[] EMPTY = new byte[0];

	private RequestBodies() {
	}

	/** The body's bytes, empty when there is none; {@code REQUEST_TOO_LARGE} beyond the limit. */
	public static Mono<byte[]> read(ServerHttpRequest request) {
		return read(request.getBody(), request.getHeaders().getContentLength(),
				() -> new GatewayResponseException(GatewayResponseType.REQUEST_TOO_LARGE));
	}

	/**
	 * The bytes of {@code body}, empty when there is none; {@code tooLarge}'s error when the declared length
	 * ({@code -1} when unknown) or the bytes read exceed the limit, refused before reading when it is declared.
	 */
	public static Mono<byte[]> read(Flux<DataBuffer> body, long declaredLength,
			Supplier<? extends Throwable> tooLarge) {
		if (declaredLength > MAX_BODY_BYTES) {
			return Mono.error(tooLarge.get());
		}
		return DataBufferUtils.join(body, MAX_BODY_BYTES)
			.map(RequestBodies::consume)
			.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge.get())
			.defaultIfEmpty(EMPTY);
	}

	/** {@code body} as a request body again, readable as often as needed; no buffer at all when it is empty. */
	public static Flux<DataBuffer> replay(byte[] body) {
		return Flux.defer(() -> (body.length == 0) ? Flux.empty()
				: Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
	}

	/** {@code request} with its body, already read, readable again by the steps after. */
	public static ServerHttpRequest withBody(ServerHttpRequest request, byte[] body) {
		return new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				return replay(body);
			}
		};
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
