package io.tollgate.integration;

import java.util.List;

import io.tollgate.function.FunctionInvoker;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.model.Integration;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.pipeline.DeployedRoute;
import io.tollgate.pipeline.MethodFilterFactory;
import io.tollgate.pipeline.RequestContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.web.server.ServerWebExchange;

/** The integration step of each route: the filter that calls (or, for MOCK, stands in for) the backend. */
public final class IntegrationFilterFactory implements MethodFilterFactory {

	private static final Log logger = LogFactory.getLog(IntegrationFilterFactory.class);

	private final MappingTemplateEngine templates;

	private final ObjectProvider<FunctionInvoker> functionInvoker;

	private final HttpClient httpClient;

	/**
	 * @param templates the sandboxed mapping-template engine
	 * @param functionInvoker the Lambda invoker, resolved on first use (an API without functions never builds it)
	 * @param httpClient the client HTTP integrations call backends with (Spring Cloud Gateway's, one connection pool)
	 */
	public IntegrationFilterFactory(MappingTemplateEngine templates, ObjectProvider<FunctionInvoker> functionInvoker,
			HttpClient httpClient) {
		this.templates = templates;
		this.functionInvoker = functionInvoker;
		this.httpClient = httpClient;
	}

	@Override
	public List<GatewayFilter> filtersFor(DeployedMethod method) {
		Integration integration = method.integration();
		BinaryMediaTypes binary = BinaryMediaTypes.of(method.api().binaryMediaTypes());
		return switch (integration.type()) {
			case MOCK -> List.of(new MockIntegrationFilter(integration, this.templates));
			case HTTP_PROXY -> List.of(new HttpProxyIntegrationFilter(integration), BufferedProxyResponse.filter());
			case HTTP -> List.of(new HttpIntegrationFilter(integration, binary, this.httpClient, this.templates));
			case AWS_PROXY -> List.of(new LambdaProxyIntegrationFilter(integration, binary, this.functionInvoker));
			case AWS -> LambdaIntegrationFilter.supports(integration)
					? List.of(new LambdaIntegrationFilter(integration, binary, this.functionInvoker, this.templates))
					: List.of(unsupported(method));
		};
	}

	/**
	 * An HTTP API route's integration: {@code HTTP_PROXY} (with its parameter mappings and the buffer that applies
	 * the response mappings) or {@code AWS_PROXY}. A route without an integration, or with one that cannot be
	 * served, answers 500 {@code Internal Server Error}.
	 */
	@Override
	public List<GatewayFilter> filtersFor(DeployedRoute route) {
		io.tollgate.model.v2.Integration model = route.integration();
		if (model == null || model.integrationUri() == null) {
			return List.of(failing(route.routeId() + " has no integration"));
		}
		HttpApiIntegration integration = new HttpApiIntegration(model.integrationType().name(),
				model.integrationUri(), model.integrationMethod(),
				(model.payloadFormatVersion() != null) ? model.payloadFormatVersion() : "1.0",
				(model.timeoutInMillis() != null) ? model.timeoutInMillis() : HttpApiIntegration.MAX_TIMEOUT_MILLIS,
				model.requestParameters(), model.responseParameters());
		try {
			return switch (model.integrationType()) {
				case HTTP_PROXY -> {
					HttpApiParameters parameters = new HttpApiParameters(integration.requestParameters(),
							integration.responseParameters());
					yield List.of(new HttpApiProxyIntegrationFilter(integration, parameters, route.isDefaultRoute()),
							BufferedProxyResponse.filter(new HttpApiResponseMapping(parameters)));
				}
				case AWS_PROXY -> List.of(new HttpApiLambdaIntegrationFilter(integration, this.functionInvoker));
				default -> List.of(failing(route.routeId() + ": " + model.integrationType()
						+ " integrations are not served on HTTP APIs"));
			};
		}
		catch (RuntimeException ex) {
			return List.of(failing(route.routeId() + ": " + ex.getMessage()));
		}
	}

	/** A route whose integration cannot be called: 500, logged once when the route is built. */
	private static GatewayFilter failing(String reason) {
		logger.warn("HTTP API route " + reason + "; it answers 500");
		return new IntegrationFilter() {

			@Override
			Mono<Void> integrate(ServerWebExchange exchange, RequestContext context) {
				return Mono.error(new GatewayResponseException(GatewayResponseType.INTEGRATION_FAILURE));
			}

			@Override
			public String toString() {
				return "HttpApiIntegration[unserved: " + reason + "]";
			}

		};
	}

	/** AWS service integrations other than Lambda: a clear 500 rather than a call that cannot work. */
	private static GatewayFilter unsupported(DeployedMethod method) {
		logger.warn("Method " + method.routeId() + ": AWS integration " + method.integration().redactedUri()
				+ " is not supported (only Lambda functions are); it answers 500");
		return new IntegrationFilter() {

			@Override
			Mono<Void> integrate(ServerWebExchange exchange, RequestContext context) {
				return Mono.error(new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR,
						"Internal server error"));
			}

		};
	}

}
