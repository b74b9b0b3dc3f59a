package io.tollgate.integration;

import java.util.List;

import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.model.Integration;
import io.tollgate.response.GatewayResponseException;
import io.tollgate.response.GatewayResponseType;
import io.tollgate.routing.DeployedMethod;
import io.tollgate.routing.MethodFilterFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;

/** The integration step of each route: the filter that calls (or, for MOCK, stands in for) the backend. */
public final class IntegrationFilterFactory implements MethodFilterFactory {

	private final MappingTemplateEngine templates;

	public IntegrationFilterFactory(MappingTemplateEngine templates) {
		this.templates = templates;
	}

	@Override
	public List<GatewayFilter> filtersFor(DeployedMethod method) {
		Integration integration = method.integration();
		return switch (integration.type()) {
			case MOCK -> List.of(new MockIntegrationFilter(integration, this.templates));
			case HTTP_PROXY -> List.of(new HttpProxyIntegrationFilter(integration));
			// HTTP, AWS and AWS_PROXY arrive with the mapping-template and Lambda work; until then a method using
			// them answers as API Gateway does for an integration it cannot call.
			case HTTP, AWS, AWS_PROXY -> List.of(new OrderedGatewayFilter((exchange, chain) -> Mono
				.error(new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR)),
					MockIntegrationFilter.ORDER));
		};
	}

}
