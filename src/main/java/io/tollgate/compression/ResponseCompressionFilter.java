package io.tollgate.compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.PipelineStep;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Gzips a method's response body when the client accepts gzip and the body is at least the API's
 * {@code minimumCompressionSize}, as API Gateway does. It wraps the response outside every pipeline step, so that
 * what the response cache stores stays uncompressed and cached answers are compressed like fresh ones. The body is
 * collected before it is written, but only for clients that accept gzip on APIs that enable compression.
 */
final class ResponseCompressionFilter implements PipelineStep {

	/** Outside every pipeline step and the stage cache's response capture. */
	static final int ORDER = PipelineOrder.RESPONSE_COMPRESSION;

	private final int minimumSize;

	ResponseCompressionFilter(int minimumSize) {
		this.minimumSize = minimumSize;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public boolean runsInTestInvoke() {
		return false;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		if (!acceptsGzip(exchange.getRequest().getHeaders())) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().response(new Compressing(exchange.getResponse())).build());
	}

	static boolean acceptsGzip(HttpHeaders headers) {
		for (String value : headers.getValuesAsList(HttpHeaders.ACCEPT_ENCODING)) {
			int semicolon = value.indexOf(';');
			String coding = ((semicolon < 0) ? value : value.substring(0, semicolon)).trim();
			if ((coding.equalsIgnoreCase("gzip") || coding.equals("*")) && !value.replace(" ", "").endsWith("q=0")) {
				return true;
			}
		}
		return false;
	}

	static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
		try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
			gzip.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return compressed.toByteArray();
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("minimumCompressionSize", this.minimumSize).toString();
	}

	/** Collects the body, then writes it compressed when it is large enough. */
	private final class Compressing extends ServerHttpResponseDecorator {

		Compressing(ServerHttpResponse delegate) {
			super(delegate);
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			HttpHeaders headers = getHeaders();
			if (headers.containsHeader(HttpHeaders.CONTENT_ENCODING)) {
				return super.writeWith(body);
			}
			return DataBufferUtils.join(Flux.from(body)).flatMap((joined) -> {
				if (joined.readableByteCount() < ResponseCompressionFilter.this.minimumSize) {
					return super.writeWith(Mono.just(joined));
				}
				byte[] bytes = new byte[joined.readableByteCount()];
				joined.read(bytes);
				DataBufferUtils.release(joined);
				byte[] compressed = gzip(bytes);
				headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
				headers.add(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
				headers.setContentLength(compressed.length);
				return super.writeWith(Mono.just(bufferFactory().wrap(compressed)));
			}).switchIfEmpty(Mono.defer(() -> super.writeWith(Flux.empty())));
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return writeWith(Flux.from(body).concatMap(Flux::from));
		}

	}

}
