package io.tollgate.response;

import java.util.function.Consumer;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * A routed request's response, which stamps AWS's standard headers on itself when it is written or completed
 * without a body, after every step has set its own. Not a commit action: Spring runs a response's commit actions
 * through a concatenation of their own (a queue and four operators per response), which was a measurable share of a
 * proxied request's cost; its own commit actions (CORS, cache) still run after this.
 */
final class StampedResponse extends ServerHttpResponseDecorator {

	private final Consumer<HttpHeaders> stamp;

	StampedResponse(ServerHttpResponse response, Consumer<HttpHeaders> stamp) {
		super(response);
		this.stamp = stamp;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		stamp();
		return super.writeWith(body);
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		stamp();
		return super.writeAndFlushWith(body);
	}

	@Override
	public Mono<Void> setComplete() {
		stamp();
		return super.setComplete();
	}

	private void stamp() {
		if (!isCommitted()) {
			this.stamp.accept(getHeaders());
		}
	}

}
