package io.tollgate.integration;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.tollgate.model.Integration;
import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.RequestBodies;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
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

	BufferedProxyResponse(ServerWebExchange exchange) {
		super(exchange.getResponse());
		this.exchange = exchange;
	}

	/**
	 * Installs the buffer where Spring Cloud Gateway's {@code NettyWriteResponseFilter} writes the backend's
	 * response: it writes to the response of the exchange it was given, so this runs before it.
	 */
	static GatewayFilter filter() {
		return new Step();
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		if (getHeaders().getContentLength() > RequestBodies.MAX_BODY_BYTES) {
			// Left unread: the routing filter drops the backend connection on the error.
			return Mono.error(TOO_LARGE.get());
		}
		Long deadline = this.exchange.getAttribute(ExchangeAttributes.INTEGRATION_DEADLINE);
		Duration left = (deadline != null) ? Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))
				: Duration.ofMillis(Integration.MAX_TIMEOUT_MILLIS);
		return DataBufferUtils.join(body, RequestBodies.MAX_BODY_BYTES)
			.timeout(left)
			.onErrorMap(DataBufferLimitException.class, (ex) -> TOO_LARGE.get())
			.onErrorMap(TimeoutException.class,
					(ex) -> new GatewayResponseException(GatewayResponseType.INTEGRATION_TIMEOUT))
			.flatMap((whole) -> super.writeWith(Mono.just(whole)))
			.switchIfEmpty(Mono.defer(() -> super.writeWith(Flux.empty())));
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		// Event streams too: REST APIs answer with the whole integration response.
		return writeWith(Flux.from(body).concatMap(Flux::from));
	}

	/** The step that installs the buffer; TestInvokeMethod runs it too, so that its calls are bounded alike. */
	private static final class Step implements PipelineStep {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
			return chain.filter(exchange.mutate().response(new BufferedProxyResponse(exchange)).build());
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
