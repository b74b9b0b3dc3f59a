package io.tollgate.logging;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.RouteAttribute;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Marks a request of a stage with access logging for {@link AccessLogWriter}, with the stage's compiled format;
 * the line is written once the response is complete, gateway responses included.
 */
final class AccessLogFilter implements RouteAttribute {

	private final AccessLogFormat format;

	AccessLogFilter(AccessLogFormat format) {
		this.format = format;
	}

	@Override
	public String attributeName() {
		return ExchangeAttributes.ACCESS_LOG_FORMAT;
	}

	@Override
	public Object attributeValue() {
		return this.format;
	}

	/** Right inside the gateway-response step: nothing before it can fail. */
	@Override
	public int getOrder() {
		return PipelineOrder.ACCESS_LOG;
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("format", this.format).toString();
	}

}
