package io.tollgate.metrics;

/**
 * Every meter Tollgate registers, named once here (Prometheus turns dots into underscores and adds unit suffixes).
 * The first group carries API Gateway's CloudWatch metrics with their meaning; tags are bounded: API id and name,
 * stage, HTTP method, resource path template (never the raw URL), usage plan id (never an API key).
 */
public final class MeterNames {

	/** CloudWatch Count, Latency, 4XXError and 5XXError: one timer of whole requests, tagged with the status class. */
	public static final String REQUESTS = "tollgate.requests";

	/** CloudWatch IntegrationLatency: the backend's share of a request. */
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

	/** Route table rebuilds after a change of an API. */
	public static final String ROUTE_REBUILDS = "tollgate.routes.rebuilds";

	public static final String TAG_API_ID = "api_id";

	public static final String TAG_API_NAME = "api";

	public static final String TAG_STAGE = "stage";

	public static final String TAG_METHOD = "method";

	public static final String TAG_RESOURCE = "resource";

	public static final String TAG_CANARY = "canary";

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
