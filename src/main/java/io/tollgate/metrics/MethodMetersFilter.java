package io.tollgate.metrics;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.RouteAttribute;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Hands the route's meters to {@link RequestMeters}, which records the request when its response has been
 * written, gateway responses included.
 */
final class MethodMetersFilter implements RouteAttribute {

	/** Right inside the gateway-response step: nothing before it can fail. */
	static final int ORDER = PipelineOrder.METHOD_METERS;

	private final MethodMeters meters;

	MethodMetersFilter(MethodMeters meters) {
		this.meters = meters;
	}

	@Override
	public String attributeName() {
		return ExchangeAttributes.METHOD_METERS;
	}

	@Override
	public Object attributeValue() {
		return this.meters;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("step", "metrics").toString();
	}

}
