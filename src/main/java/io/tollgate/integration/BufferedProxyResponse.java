package io.tollgate.integration;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Supplier;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.RequestBodies;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * An {@code HTTP_PROXY} backend's response, held until it is complete before any of it reaches the client, as API
 * Gateway does: a body over the 10 MB payload limit (declared or counted as it arrives, never aggregated beyond it)
 * answers 500 {@code Internal server error}, and a body still arriving when the integration timeout passes answers
 * 504, since nothing has been committed yet.
 */
final class BufferedProxyResponse extends ServerHttpResponseDecorator {

	/** API Gateway's answer to a too-large integration response ("configuration error" in its execution log). */
	private static final Supplier<GatewayResponseException> TOO_LARGE = () -> new GatewayResponseException(
			GatewayResponseType.API_CONFIGURATION_ERROR);

	private final ServerWebExchange exchange;

	private final @Nullable ResponseMapping mapping;

	BufferedProxyResponse(ServerWebExchange exchange, @Nullable ResponseMapping mapping) {
		super(exchange.getResponse());
		this.exchange = exchange;
		this.mapping = mapping;
	}

	/**
	 * Changes a complete backend response before it is written: an HTTP API's response parameter mappings, which
	 * may read the body.
	 */
	@FunctionalInterface
	interface ResponseMapping {

		/**
		 * @param headers the response headers, changed in place
		 * @return the status to answer with
		 */
		int apply(ServerWebExchange exchange, int status, HttpHeaders headers, byte[] body);

		/** Whether {@code status} has mappings, so that the body must be read for them. */
		default boolean maps(int status) {
			return true;
		}

	}

	/**
	 * Installs the buffer where Spring Cloud Gateway's {@code NettyWriteResponseFilter} writes the backend's
	 * response: it writes to the response of the exchange it was given, so this runs before it.
	 */
	static GatewayFilter filter() {
		return new Step(null);
	}

	/** The buffer of an HTTP API's {@code HTTP_PROXY} integration, which applies its response mappings. */
	static GatewayFilter filter(ResponseMapping mapping) {
		return new Step(mapping);
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		// Over the limit by its length, the body is left unread: the routing filter drops the backend connection on
		// the error.
		Mono<DataBuffer> joined = (getHeaders().getContentLength() > RequestBodies.MAX_BODY_BYTES)
				? Mono.error(TOO_LARGE.get()) : DataBufferUtils.join(body, RequestBodies.MAX_BODY_BYTES);
		IntegrationTimeout deadline = this.exchange.getAttribute(ExchangeAttributes.INTEGRATION_DEADLINE);
		if (deadline != null) {
			// The integration's deadline, which bounded the wait for the headers, bounds the body and ends with it;
			// without one, the body is not a backend's (a cache hit, a preflight: held in memory already).
			joined = deadline.bound(joined);
		}
		return joined.onErrorMap(DataBufferLimitException.class, (ex) -> TOO_LARGE.get())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((whole) -> {
				DataBuffer mapped = mapped(whole.orElse(null));
				return super.writeWith((mapped != null) ? Mono.just(mapped) : Flux.empty());
			});
	}

	private @Nullable DataBuffer mapped(@Nullable DataBuffer whole) {
		HttpStatusCode status = getStatusCode();
		if (this.mapping == null || status == null || !this.mapping.maps(status.value())) {
			return whole;
		}
		byte[] body = new byte[(whole != null) ? whole.readableByteCount() : 0];
		if (whole != null) {
			whole.toByteBuffer(whole.readPosition(), ByteBuffer.wrap(body), 0, body.length);
		}
		int answered = this.mapping.apply(this.exchange, status.value(), getHeaders(), body);
		setStatusCode(HttpStatusCode.valueOf(answered));
		return whole;
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		// Event streams too: REST APIs answer with the whole integration response.
		return writeWith(Flux.from(body).concatMap(Flux::from));
	}

	/** The step that installs the buffer; TestInvokeMethod runs it too, so that its calls are bounded alike. */
	private static final class Step implements PipelineStep {

		private final @Nullable ResponseMapping mapping;

		Step(@Nullable ResponseMapping mapping) {
			this.mapping = mapping;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
			return chain.filter(exchange.mutate().response(new BufferedProxyResponse(exchange, this.mapping)).build());
		}

		@Override
		public int getOrder() {
			return PipelineOrder.PROXY_RESPONSE_BUFFER;
		}

		@Override
		public boolean runsInTestInvoke() {
			return true;
		}

	}

}
