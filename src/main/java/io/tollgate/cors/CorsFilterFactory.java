package io.tollgate.cors;

import java.util.List;

import io.tollgate.model.v2.Cors;
import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.pipeline.DeployedRoute;
import io.tollgate.pipeline.MethodFilterFactory;

import org.springframework.cloud.gateway.filter.GatewayFilter;

/**
 * The CORS step of each route of an HTTP API with a {@code corsConfiguration}; REST APIs answer CORS with their own
 * methods, so they get none.
 */
public final class CorsFilterFactory implements MethodFilterFactory {

	@Override
	public List<GatewayFilter> filtersFor(DeployedMethod method) {
		return List.of();
	}

	@Override
	public List<GatewayFilter> filtersFor(DeployedRoute route) {
		Cors cors = route.api().corsConfiguration();
		return (cors != null) ? List.of(new CorsHeadersFilter(CorsRules.of(cors))) : List.of();
	}

}
