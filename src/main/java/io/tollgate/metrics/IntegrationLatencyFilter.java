package io.tollgate.metrics;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.PipelineStep;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * CloudWatch IntegrationLatency: times the integration that runs right after it, until the backend's response (its
 * headers, for HTTP integrations) has arrived, failures and timeouts included. A cache hit never gets here. The
 * measured time is also left in the exchange for the access log's {@code $context.integrationLatency}.
 */
public final class IntegrationLatencyFilter implements PipelineStep {

	private final MethodMeters meters;

	IntegrationLatencyFilter(MethodMeters meters) {
		this.meters = meters;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		long start = System.nanoTime();
		// Before the outcome travels on: a gateway response may be written (and logged) within its propagation.
		return chain.filter(exchange).doOnTerminate(() -> {
			long nanos = System.nanoTime() - start;
			this.meters.recordIntegration(nanos);
			exchange.getAttributes().put(ExchangeAttributes.INTEGRATION_LATENCY, nanos);
		});
	}

	@Override
	public int getOrder() {
		return PipelineOrder.INTEGRATION_LATENCY;
	}

	@Override
	public boolean runsInTestInvoke() {
		return true;
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("step", "integration latency").toString();
	}

}
