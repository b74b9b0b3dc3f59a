package io.tollgate.compression;

import java.util.List;

import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.pipeline.MethodFilterFactory;

import org.springframework.cloud.gateway.filter.GatewayFilter;

/** The compression step: present only on the methods of APIs with a {@code minimumCompressionSize}. */
public final class ResponseCompressionFilterFactory implements MethodFilterFactory {

	@Override
	public List<GatewayFilter> filtersFor(DeployedMethod method) {
		Integer minimumSize = method.api().minimumCompressionSize();
		return (minimumSize != null) ? List.of(new ResponseCompressionFilter(minimumSize)) : List.of();
	}

}
