package io.tollgate.metrics;

/**
 * Every meter Tollgate registers, named once here (Prometheus turns dots into underscores and adds unit suffixes:
 * {@code tollgate.requests} is scraped as {@code tollgate_requests_seconds_count}, {@code _sum}, {@code _max} and
 * {@code _bucket}). The first group carries API Gateway's CloudWatch metrics with their meaning; tags are bounded:
 * API id and name, stage, HTTP method, resource path template (never the raw URL), usage plan id (never an API key).
 *
 * <p>
 * Meters of a method carry the tags of {@link MethodTags#of}: {@value #TAG_API_NAME}, {@value #TAG_API_ID},
 * {@value #TAG_STAGE}, {@value #TAG_METHOD}, {@value #TAG_RESOURCE} and {@value #TAG_CANARY}. As AWS's detailed
 * metrics, method and resource are only told apart when the stage's method setting {@code metricsEnabled} is on;
 * otherwise both are {@value MethodTags#ALL}. Every meter of one name carries the same tag keys, as Prometheus
 * requires.
 */
public final class MeterNames {

	/**
	 * CloudWatch Count, Latency, 4XXError and 5XXError: one timer of whole requests (gateway responses included),
	 * from the request's arrival to the last byte of its response, with the method's tags and {@value #TAG_STATUS}
	 * ({@code 2xx}, {@code 4xx}, ...). Count is its count, Latency its distribution (a histogram of 17 buckets from
	 * 1 ms to 29 s, for p50, p90 and p99 through {@code histogram_quantile}), 4XXError and 5XXError the counts of
	 * {@code status="4xx"} and {@code "5xx"}.
	 */
	public static final String REQUESTS = "tollgate.requests";

	/**
	 * CloudWatch IntegrationLatency: the backend's share of a request, from the integration's start to its response
	 * (headers) received, with the method's tags. Cache hits and requests refused before the integration have none.
	 */
	public static final String INTEGRATION_LATENCY = "tollgate.integration.latency";

	/** CloudWatch CacheHitCount. */
	public static final String CACHE_HITS = "tollgate.cache.hits";

	/** CloudWatch CacheMissCount. */
	public static final String CACHE_MISSES = "tollgate.cache.misses";

	/** Requests refused with 429 Too Many Requests, tagged with the usage plan and the limit that applied. */
	public static final String THROTTLED = "tollgate.usage.throttled";

	/** Requests refused with 429 Limit Exceeded, tagged with the usage plan. */
	public static final String QUOTA_EXCEEDED = "tollgate.usage.quota.exceeded";

	/** Authorizer decisions, tagged with the authorizer type, the outcome and whether the cache answered. */
	public static final String AUTHORIZER_DECISIONS = "tollgate.authorizer.decisions";

	/** Redis commands on the request path, tagged with their use (throttle, quota, cache, authorizer) and outcome. */
	public static final String REDIS_COMMANDS = "tollgate.redis.commands";

	/** Requests served although Redis failed (fail-open), or refused because it did (fail-closed). */
	public static final String REDIS_FAILURES = "tollgate.redis.failures";

	/** Route table rebuilds after a change of an API, tagged with {@value #TAG_OUTCOME} (success, failure). */
	public static final String ROUTE_REBUILDS = "tollgate.routes.rebuilds";

	/** CloudWatch ConnectCount of WebSocket APIs: handshakes completed, tagged with the API id and stage. */
	public static final String WEBSOCKET_CONNECTS = "tollgate.websocket.connects";

	/** CloudWatch MessageCount of WebSocket APIs, tagged with {@value #TAG_DIRECTION} ({@code in}, {@code out}). */
	public static final String WEBSOCKET_MESSAGES = "tollgate.websocket.messages";

	/** CloudWatch IntegrationError of WebSocket APIs: integrations answering 4XX or 5XX. */
	public static final String WEBSOCKET_INTEGRATION_ERRORS = "tollgate.websocket.integration.errors";

	/** CloudWatch ClientError of WebSocket APIs: refused handshakes (4XX), messages matching no route or throttled. */
	public static final String WEBSOCKET_CLIENT_ERRORS = "tollgate.websocket.client.errors";

	/** CloudWatch ExecutionError of WebSocket APIs: integrations that failed or timed out. */
	public static final String WEBSOCKET_EXECUTION_ERRORS = "tollgate.websocket.execution.errors";

	/** CloudWatch IntegrationLatency of WebSocket APIs. */
	public static final String WEBSOCKET_INTEGRATION_LATENCY = "tollgate.websocket.integration.latency";

	/** WebSocket connections open on this replica. */
	public static final String WEBSOCKET_CONNECTIONS = "tollgate.websocket.connections";

	/** Access log lines dropped because the writer fell behind (its queue was full). */
	public static final String ACCESS_LOGS_DROPPED = "tollgate.access.logs.dropped";

	/**
	 * Lettuce's own timer of every Redis command (command sent to completion: count, sum and max), tagged with the
	 * command type; on the shared Redis client when {@code tollgate.redis.url} is set.
	 * Named by Lettuce, listed here for the dashboards.
	 */
	public static final String REDIS_COMMAND_LATENCY = "lettuce.command.completion";

	/** The API's name, stripped of non-ASCII characters as CloudWatch's ApiName (the id when nothing is left). */
	public static final String TAG_API_NAME = "api";

	public static final String TAG_API_ID = "api_id";

	public static final String TAG_STAGE = "stage";

	/** A WebSocket message's direction: {@code in} from the client, {@code out} to it. */
	public static final String TAG_DIRECTION = "direction";

	/** The method's verb; {@value MethodTags#ALL} unless the stage's detailed metrics are on. */
	public static final String TAG_METHOD = "method";

	/** The resource path template; {@value MethodTags#ALL} unless the stage's detailed metrics are on. */
	public static final String TAG_RESOURCE = "resource";

	/** {@code true} for requests served by the stage's canary deployment, {@code false} for the base deployment. */
	public static final String TAG_CANARY = "canary";

	/** The response's status class: {@code 1xx} to {@code 5xx}. */
	public static final String TAG_STATUS = "status";

	public static final String TAG_USAGE_PLAN = "usage_plan";

	public static final String TAG_LIMIT = "limit";

	public static final String TAG_AUTHORIZER_TYPE = "authorizer_type";

	public static final String TAG_OUTCOME = "outcome";

	public static final String TAG_CACHED = "cached";

	public static final String TAG_USE = "use";

	private MeterNames() {
	}

}
