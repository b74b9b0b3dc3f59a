package io.tollgate.pipeline;

import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.core.Ordered;

/**
 * The order of every filter Tollgate adds (DESIGN.md §3), in one place and without ties within a chain: the two web
 * filters around the whole exchange, and the gateway filter chain of a route (the global filter that renders gateway
 * responses, then the steps of the method). The integration runs just after Spring Cloud Gateway's
 * {@link RouteToRequestUrlFilter}, so every step before it sees the request before a backend URL exists. Gaps leave
 * room for steps in between.
 */
public final class PipelineOrder {

	/**
	 * Web filter: times the exchange and, once its response has been written, records the CloudWatch-style request
	 * meters and writes the stage's access log line.
	 */
	public static final int EXCHANGE_COMPLETION = Ordered.HIGHEST_PRECEDENCE;

	/**
	 * Web filter: checks and normalises a data-plane request before it is routed; after the metrics and access-log
	 * filters, so that refusals are counted and logged too.
	 */
	public static final int INVOKE_REQUEST = Ordered.HIGHEST_PRECEDENCE + 10;

	/**
	 * Global filter, before every other step so that it sees every error of the chain: AWS's standard headers and
	 * the rendering of every failure as a gateway response.
	 */
	public static final int GATEWAY_RESPONSE = Ordered.HIGHEST_PRECEDENCE;

	/**
	 * Hands the method's meters to the request meters: right inside the gateway response, nothing before it fails.
	 * A {@link RouteAttribute}, so in fact set by the route lookup rather than run as a step.
	 */
	public static final int METHOD_METERS = Ordered.HIGHEST_PRECEDENCE + 1;

	/** Hands the stage's access log format to the access log writer (a {@link RouteAttribute}, like the meters). */
	public static final int ACCESS_LOG = Ordered.HIGHEST_PRECEDENCE + 2;

	/**
	 * An HTTP API's CORS: preflights answered, and the CORS headers of every response set as it is committed, so
	 * that refusals of the steps after carry them too.
	 */
	public static final int CORS = 500;

	/** The API's resource policy ({@code aws:SourceIp}, ...), before any authentication. */
	public static final int RESOURCE_POLICY = 1_000;

	/** The method's authorizer: IAM SigV4, Cognito user pool or Lambda TOKEN/REQUEST. */
	public static final int AUTHORIZER = 2_000;

	/** The API key check (apiKeyRequired, key enabled and in a usage plan for the stage). */
	public static final int API_KEY = 3_000;

	/** Throttling (usage-plan key, stage method settings, gateway default) and then the usage-plan quota. */
	public static final int THROTTLE_AND_QUOTA = 4_000;

	/** Request validation (parameters and body against the method's models). */
	public static final int REQUEST_VALIDATION = 5_000;

	/** The stage's response cache: serves hits, stores fresh 2xx responses. */
	public static final int CACHE = 6_000;

	/**
	 * Gzips the response, outside the stage cache's capture (so the cache stores it uncompressed) and before Spring
	 * Cloud Gateway's {@code NettyWriteResponseFilter} (-1) takes hold of the exchange it writes a backend's body to.
	 */
	public static final int RESPONSE_COMPRESSION = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 4;

	/**
	 * Where the stage cache captures the response it stores: before Spring Cloud Gateway's
	 * {@code NettyWriteResponseFilter} (-1), which writes an HTTP backend's body with the exchange it received, so
	 * a response decorator must be in place before it runs (as SCG's own {@code ResponseCacheGatewayFilter}, -4).
	 */
	public static final int RESPONSE_CAPTURE = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 3;

	/**
	 * Where an {@code HTTP_PROXY} backend's response is held until complete (within the payload limit and the
	 * integration timeout): between the cache's capture and {@code NettyWriteResponseFilter}, for the same reason.
	 */
	public static final int PROXY_RESPONSE_BUFFER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 2;

	/** Starts the IntegrationLatency clock: everything after it is the backend's share. */
	public static final int INTEGRATION_LATENCY = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;

	/**
	 * The integration (MOCK, HTTP, HTTP_PROXY, AWS, AWS_PROXY), with its request and response mapping: exactly one
	 * integration filter per route.
	 */
	public static final int INTEGRATION = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 2;

	private PipelineOrder() {
	}

}
