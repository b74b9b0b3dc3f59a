package io.tollgate.pipeline;

import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;

/**
 * The order of the request pipeline's steps (DESIGN.md §3), in one place. Every step is a route filter ordered by
 * one of these constants; the integration runs just after Spring Cloud Gateway's {@link RouteToRequestUrlFilter}, so
 * every step before it sees the request before a backend URL exists. Gaps leave room for steps in between.
 */
public final class PipelineOrder {

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

	/** The integration (MOCK, HTTP, HTTP_PROXY, AWS, AWS_PROXY), with its request and response mapping. */
	public static final int INTEGRATION = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 2;

	private PipelineOrder() {
	}

}
