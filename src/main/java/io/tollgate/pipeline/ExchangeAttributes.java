package io.tollgate.pipeline;

/**
 * Every exchange attribute Tollgate sets, in one place (as Spring Cloud Gateway's {@code ServerWebExchangeUtils}
 * keeps its own): what one step hands to a later one or to the web filters around the chain. Each names the type
 * of its value and who sets and reads it.
 */
public final class ExchangeAttributes {

	private static final String PREFIX = "io.tollgate.";

	/** The request's {@link RequestContext}: set when the route is resolved, replaced by steps that add to it. */
	public static final String REQUEST_CONTEXT = PREFIX + "requestContext";

	/** Why the invoke-request check refused a request (a message for its 400 response): read by routing. */
	public static final String INVOKE_REQUEST_REFUSAL = PREFIX + "invokeRequestRefusal";

	/**
	 * The {@code ApiComponents} of the deployment a request addressed, set as soon as the stage is known (even
	 * when no method matches), so that gateway responses follow the API's customisations.
	 */
	public static final String API_COMPONENTS = PREFIX + "apiComponents";

	/**
	 * The {@code apigw-requestid} of a request to an HTTP API (a {@code String}), set when routing finds the API,
	 * even when no stage or route matches: its presence selects HTTP API's response envelope (aws-behavior-v2 §A.0,
	 * §A.9) over REST API's gateway responses.
	 */
	public static final String HTTP_API_REQUEST_ID = PREFIX + "httpApiRequestId";

	/**
	 * The custom domain a request addressed, an {@code Optional<DomainRegistry.DomainRequest>} (empty: none): set by
	 * the first handler mapping that asks ({@code DomainRegistry.resolve(ServerWebExchange)}), so that the WebSocket
	 * mapping and the routes' look the domain up once.
	 */
	public static final String DOMAIN_REQUEST = PREFIX + "domainRequest";

	/** The {@code KeyAdmission} of the request's API key: set by the API key step, read by throttling. */
	public static final String KEY_ADMISSION = PREFIX + "keyAdmission";

	/** The {@code MethodMeters} of the request's route: set by a route step, read by the request meters. */
	public static final String METHOD_METERS = PREFIX + "methodMeters";

	/** The stage's {@code AccessLogFormat}: set by a route step, read by the access log writer. */
	public static final String ACCESS_LOG_FORMAT = PREFIX + "accessLogFormat";

	/** The integration's latency in nanoseconds (a {@code Long}): set by its step, read by the access log. */
	public static final String INTEGRATION_LATENCY = PREFIX + "integrationLatency";

	/**
	 * The deadline by which an {@code HTTP_PROXY} integration must have answered in full (an
	 * {@code IntegrationTimeout}): started by the integration, which it bounds until the backend's response headers,
	 * and then bounding the buffer that holds the backend's response body.
	 */
	public static final String INTEGRATION_DEADLINE = PREFIX + "integrationDeadline";

	/** The stage cache's {@code ResponseCapture}: set on a miss, read where the response is written. */
	public static final String RESPONSE_CAPTURE = PREFIX + "responseCapture";

	private ExchangeAttributes() {
	}

}
