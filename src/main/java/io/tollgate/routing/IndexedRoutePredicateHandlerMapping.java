package io.tollgate.routing;

import java.util.List;
import java.util.function.Function;

import io.tollgate.domain.DomainRegistry;
import io.tollgate.domain.MutualTlsVerifier;
import io.tollgate.pipeline.ClientCertificate;
import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.InvokeTarget;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.pipeline.RequestContexts;
import io.tollgate.pipeline.RequestIds;
import io.tollgate.pipeline.RouteAttribute;
import io.tollgate.cors.CorsRules;
import io.tollgate.response.GatewayResponseRenderer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/**
 * Spring Cloud Gateway's handler mapping with an indexed lookup: instead of testing every route's predicate in
 * turn, it reads the API and stage from the invoke URL and walks the stage's path tree, so the cost of a lookup
 * depends on the number of path segments, not on the number of routes. It also fixes the request's
 * {@link RequestContext}. A request that matches no method is routed to a route that answers with AWS's
 * gateway response. A request whose {@code Host} is a custom domain goes where the domain's API mapping sends it,
 * after the domain's mutual TLS admitted it; an API with {@code disableExecuteApiEndpoint} answers 403 at every
 * other address.
 */
public class IndexedRoutePredicateHandlerMapping extends RoutePredicateHandlerMapping {

	private final ApiRouteLocator routes;

	private final String accountId;

	/**
	 * Right after the WebSocket APIs' mapping and ahead of WebFlux's own (router functions at -1, annotated
	 * controllers, static resources), which serve nothing on the data port: this mapping answers every request (a
	 * route, or a gateway response such as 403 Missing Authentication Token), so each of those was asked in vain
	 * first. Behind the actuator's (-100), should it share the port.
	 */
	public static final int ORDER = -2;

	private final Route missingAuthenticationToken;

	private final Route unknownStage;

	private final Route refusedRequest;

	/** No stage or route of an HTTP API: 404 {@code {"message":"Not Found"}}. */
	private final Route httpApiNotFound;

	private final DomainRegistry domains;

	private final MutualTlsVerifier mutualTls;

	public IndexedRoutePredicateHandlerMapping(FilteringWebHandler webHandler, RouteLocator routeLocator,
			GlobalCorsProperties globalCorsProperties, Environment environment, ApiRouteLocator routes,
			String accountId, DomainRegistry domains, MutualTlsVerifier mutualTls) {
		super(webHandler, routeLocator, globalCorsProperties, environment);
		this.routes = routes;
		this.accountId = accountId;
		this.domains = domains;
		this.mutualTls = mutualTls;
		setOrder(ORDER);
		this.missingAuthenticationToken = failingRoute("tollgate:missing-authentication-token",
				GatewayResponseType.MISSING_AUTHENTICATION_TOKEN);
		this.unknownStage = failingRoute("tollgate:unknown-stage", GatewayResponseType.DEFAULT_4XX);
		this.httpApiNotFound = failingRoute("tollgate:http-api-not-found", GatewayResponseType.RESOURCE_NOT_FOUND);
		this.refusedRequest = Route.async()
			.id("tollgate:refused-request")
			.uri("tollgate://gateway-response")
			.asyncPredicate((exchange) -> Mono.just(false))
			.filters(failing((exchange) -> new GatewayResponseException(GatewayResponseType.BAD_REQUEST_PARAMETERS,
					exchange.getAttribute(ExchangeAttributes.INVOKE_REQUEST_REFUSAL))))
			.build();
	}

	@Override
	protected Mono<Route> lookupRoute(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		String host = request.getHeaders().getFirst(HttpHeaders.HOST);
		String hostApi = InvokeTarget.hostApiId(host, this.routes.defaultApi());
		boolean httpApi = hostApi != null && this.routes.isHttpApi(hostApi);
		if (exchange.getAttributes().containsKey(ExchangeAttributes.INVOKE_REQUEST_REFUSAL)) {
			if (httpApi) {
				exchange.getAttributes().put(ExchangeAttributes.HTTP_API_REQUEST_ID, RequestIds.extendedRequestId());
			}
			return Mono.just(this.refusedRequest);
		}
		DomainRegistry.DomainRequest domainRequest = this.domains.resolve(exchange);
		if (domainRequest != null) {
			String mappedApi = (domainRequest.mapping() != null) ? domainRequest.mapping().apiId() : null;
			if (mappedApi != null && domainRequest.stage() != null && this.routes.isHttpApi(mappedApi)) {
				return this.mutualTls.verify(domainRequest.domain(), request)
					.map((admitted) -> httpRoute(exchange, mappedApi, domainRequest.stage(), domainRequest.path(),
							domainRequest, admitted.orElse(null)))
					.defaultIfEmpty(this.unknownStage);
			}
			return this.mutualTls.verify(domainRequest.domain(), request)
				.map((admitted) -> (domainRequest.stage() == null) ? this.unknownStage
						: route(exchange, new InvokeTarget(domainRequest.mapping().apiId(), domainRequest.stage(),
								domainRequest.path()), domainRequest, admitted.orElse(null)))
				.defaultIfEmpty(this.unknownStage);
		}
		if (httpApi) {
			return Mono.just(httpRoute(exchange, hostApi, null, request.getURI().getRawPath(), null, null));
		}
		InvokeTarget target = InvokeTarget.parse(host, request.getURI().getRawPath(), this.routes.defaultApi());
		if (target == null) {
			return Mono.just(this.missingAuthenticationToken);
		}
		return Mono.just(route(exchange, target, null, null));
	}

	private Route route(ServerWebExchange exchange, InvokeTarget target,
			DomainRegistry.@Nullable DomainRequest domainRequest, @Nullable ClientCertificate clientCert) {
		ApiRouteLocator.Resolution resolution = this.routes.resolve(target,
				exchange.getRequest().getMethod().name());
		if (resolution == null) {
			return this.routes.hasApi(target.apiId()) ? this.unknownStage : this.missingAuthenticationToken;
		}
		if (domainRequest == null && resolution.executeApiEndpointDisabled()) {
			return this.unknownStage;
		}
		exchange.getAttributes().put(ExchangeAttributes.API_COMPONENTS, resolution.components());
		if (resolution.route() == null) {
			return this.missingAuthenticationToken;
		}
		RequestContext context = RequestContexts.create(exchange, this.accountId, target.apiId(), target.stage(),
				resolution.deploymentId(), resolution.match().value().resource(), resolution.match().rawParameters(),
				resolution.stageVariables(), resolution.canaryRequest());
		if (domainRequest != null) {
			context = context.withCustomDomain(domainRequest.domain().domainName(),
					java.util.Objects.requireNonNull(domainRequest.basePathMatched()), clientCert);
		}
		exchange.getAttributes().put(ExchangeAttributes.REQUEST_CONTEXT, context);
		RouteAttribute.apply(resolution.route(), exchange);
		return resolution.route();
	}

	/**
	 * The route of a request to an HTTP API: its stage and route (aws-behavior-v2 §A.2), or 404 when there is none.
	 * The request's {@code apigw-requestid} is fixed first, so that every answer carries HTTP APIs' envelope.
	 */
	private Route httpRoute(ServerWebExchange exchange, String apiId, @Nullable String fixedStage, String path,
			DomainRegistry.@Nullable DomainRequest domainRequest, @Nullable ClientCertificate clientCert) {
		String requestId = RequestIds.extendedRequestId();
		exchange.getAttributes().put(ExchangeAttributes.HTTP_API_REQUEST_ID, requestId);
		ServerHttpRequest request = exchange.getRequest();
		ApiRouteLocator.HttpResolution resolution = this.routes.resolveHttp(apiId, fixedStage, path,
				request.getMethod().name(), CorsRules.isPreflight(request));
		if (resolution == null || resolution.stage() == null || resolution.selection() == null) {
			return this.httpApiNotFound;
		}
		if (domainRequest == null && resolution.stage().executeApiEndpointDisabled()) {
			return this.unknownStage;
		}
		if (resolution.route() == null) {
			return this.httpApiNotFound;
		}
		RouteIndex.Match<Route> match = resolution.match();
		if (match == null) {
			// The stage's CORS preflight: answered from its configuration alone.
			return resolution.route();
		}
		CompiledHttpStage stage = resolution.stage();
		RequestContext context = RequestContexts.createHttp(exchange, requestId, this.accountId, apiId,
				stage.stage().stageName(), stage.deploymentId(), resolution.route().getId(), match.key().toString(),
				resolution.selection().path(), match.rawPathParameters(), stage.stage().stageVariables());
		if (domainRequest != null) {
			context = context.withCustomDomain(domainRequest.domain().domainName(),
					java.util.Objects.requireNonNull(domainRequest.basePathMatched()), clientCert);
		}
		exchange.getAttributes().put(ExchangeAttributes.REQUEST_CONTEXT, context);
		RouteAttribute.apply(resolution.route(), exchange);
		return resolution.route();
	}

	private static Route failingRoute(String id, GatewayResponseType type) {
		return Route.async()
			.id(id)
			.uri("tollgate://gateway-response")
			.asyncPredicate((exchange) -> Mono.just(false))
			.filters(failing((exchange) -> new GatewayResponseException(type)))
			.build();
	}

	/**
	 * The one step of a route that only fails, where its integration would be: a filter without an order would run
	 * after Spring Cloud Gateway's routing filter, which needs a backend URL such a route never has.
	 */
	private static List<GatewayFilter> failing(Function<ServerWebExchange, GatewayResponseException> failure) {
		return List.of(new OrderedGatewayFilter((exchange, chain) -> Mono.error(failure.apply(exchange)),
				PipelineOrder.INTEGRATION));
	}

	/**
	 * CORS preflights are served like any request: API Gateway answers them with the API's own {@code OPTIONS}
	 * method (the console's "Enable CORS" MOCK). Spring's {@code DispatcherHandler} never invokes a handler for a
	 * preflight (it only asks the mapping for one, to let it write CORS headers), so the route runs here.
	 */
	@Override
	public Mono<Object> getHandler(ServerWebExchange exchange) {
		if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
			return getHandlerInternal(exchange)
				.flatMap((handler) -> ((WebHandler) handler).handle(exchange).thenReturn(handler));
		}
		return super.getHandler(exchange);
	}

	@Override
	protected String getSimpleName() {
		return "IndexedRoutePredicateHandlerMapping";
	}

}
