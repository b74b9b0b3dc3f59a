package io.tollgate.cache;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.tollgate.pipeline.ExchangeAttributes;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * A miss being filled: put into the exchange attributes by {@link ResponseCacheFilter} when the integration is to
 * be called, read by the {@link Decorator} that {@link ResponseCaptureFilter} placed under Spring Cloud Gateway's
 * response writer. Only a 2xx response whose body fits the entry limit is stored.
 */
final class ResponseCapture {


	private final ResponseCache.StageCache cache;

	private final String key;

	private final Duration ttl;

	private final SingleFlight.@Nullable Call call;

	private volatile @Nullable CachedResponse stored;

	private volatile boolean started;

	ResponseCapture(ResponseCache.StageCache cache, String key, Duration ttl, SingleFlight.@Nullable Call call) {
		this.cache = cache;
		this.key = key;
		this.ttl = ttl;
		this.call = call;
	}

	/** The request is over: a single-flight call this capture leads hands its response (or none) to the waiting. */
	void finish() {
		if (this.call != null) {
			this.call.complete(this.stored);
		}
	}

	private Mono<Void> store(CachedResponse response) {
		this.stored = response;
		return this.cache.put(this.key, response, this.ttl);
	}

	/**
	 * The response as the writer sees it. Without a capture in the exchange (a hit, an uncached request) it only
	 * passes through; with one, it copies the body on its way out and stores it once fully written.
	 */
	static final class Decorator extends ServerHttpResponseDecorator {

		private final Map<String, Object> attributes;

		private final int maxEntryBytes;

		Decorator(ServerHttpResponse delegate, Map<String, Object> attributes, int maxEntryBytes) {
			super(delegate);
			this.attributes = attributes;
			this.maxEntryBytes = maxEntryBytes;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			ResponseCapture capture = (ResponseCapture) this.attributes.get(ExchangeAttributes.RESPONSE_CAPTURE);
			if (capture == null || capture.started) {
				return super.writeWith(body);
			}
			capture.started = true;
			HttpStatusCode statusCode = getStatusCode();
			int status = (statusCode != null) ? statusCode.value() : 200;
			HttpHeaders headers = getHeaders();
			if (status < 200 || status > 299 || headers.getContentLength() > this.maxEntryBytes) {
				return super.writeWith(body);
			}
			// Headers now, before commit adds the per-request ones (request ids, a cache warning).
			CachedResponse head = CachedResponse.of(status, headers, new byte[0]);
			BodyCopy copy = new BodyCopy(this.maxEntryBytes);
			Mono<Void> store = Mono.defer(() -> {
				byte[] bytes = copy.bytes();
				return (bytes != null) ? capture.store(new CachedResponse(status, head.headers(), bytes))
						: Mono.<Void>empty();
			});
			// The last chunk is held back until the entry is stored: a client that has the whole response (and so
			// may send the next request, to this replica or another) finds the entry.
			AtomicReference<@Nullable DataBuffer> held = new AtomicReference<>();
			Flux<DataBuffer> heldBack = Flux.from(body).map(copy::add).concatMap((buffer) -> {
				DataBuffer previous = held.getAndSet(buffer);
				return (previous != null) ? Mono.just(previous) : Mono.<DataBuffer>empty();
			})
				.concatWith(store.then(Mono.fromSupplier(() -> held.getAndSet(null))))
				.doOnCancel(() -> release(held.getAndSet(null)))
				.doOnError((ex) -> release(held.getAndSet(null)));
			return super.writeWith(heldBack);
		}

	}

	private static void release(@Nullable DataBuffer buffer) {
		if (buffer != null) {
			DataBufferUtils.release(buffer);
		}
	}

	/** The body's bytes as they pass, until they exceed the limit (then none are kept). */
	private static final class BodyCopy {

		private final int limit;

		private byte[] bytes = new byte[256];

		private int size;

		private boolean oversize;

		BodyCopy(int limit) {
			this.limit = limit;
		}

		DataBuffer add(DataBuffer buffer) {
			int length = buffer.readableByteCount();
			if (this.oversize || length == 0) {
				return buffer;
			}
			if ((long) this.size + length > this.limit) {
				this.oversize = true;
				this.bytes = new byte[0];
				return buffer;
			}
			if (this.size + length > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(this.size + length, this.bytes.length * 2));
			}
			buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(this.bytes), this.size, length);
			this.size += length;
			return buffer;
		}

		byte @Nullable [] bytes() {
			return this.oversize ? null : Arrays.copyOf(this.bytes, this.size);
		}

	}

}
