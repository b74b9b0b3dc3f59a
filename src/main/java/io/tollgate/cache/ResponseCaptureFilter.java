package io.tollgate.cache;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.PipelineStep;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Puts the {@link ResponseCapture.Decorator} under the response writer of a cached method, before Spring Cloud
 * Gateway's {@code NettyWriteResponseFilter} takes hold of the exchange: whatever writes the response (an HTTP
 * backend after the chain, a MOCK or Lambda integration inside it) writes through it. When the request is over it
 * ends the request's single-flight call, whatever happened.
 */
final class ResponseCaptureFilter implements PipelineStep {

	private final int maxEntryBytes;

	ResponseCaptureFilter(int maxEntryBytes) {
		this.maxEntryBytes = maxEntryBytes;
	}

	@Override
	public int getOrder() {
		return PipelineOrder.RESPONSE_CAPTURE;
	}

	@Override
	public boolean runsInTestInvoke() {
		return false;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerWebExchange capturing = exchange.mutate()
			.response(new ResponseCapture.Decorator(exchange.getResponse(), exchange.getAttributes(),
					this.maxEntryBytes))
			.build();
		return chain.filter(capturing).doFinally((signal) -> {
			ResponseCapture capture = exchange.getAttribute(ExchangeAttributes.RESPONSE_CAPTURE);
			if (capture != null) {
				capture.finish();
			}
		});
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("maxEntryBytes", this.maxEntryBytes).toString();
	}

}
