package io.tollgate.cache;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.PipelineOrder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * The stage cache's lookup for one method, after authorization, API keys, throttling and validation (as in AWS): a
 * hit is written here and the integration never runs; a miss goes on to the integration with a
 * {@link ResponseCapture} armed, joining any miss of the same key already in flight. {@code Cache-Control:
 * max-age=0} from a caller allowed to invalidate skips the lookup and refreshes the entry; from anyone else it is
 * refused, or ignored with or without a warning, as the method's strategy says.
 */
final class ResponseCacheFilter implements PipelineStep {

	/** AWS's warning when it ignores an unauthorized {@code Cache-Control: max-age=0}. */
	static final String WARNING = "199 Cache-control headers were ignored because the caller was unauthorized.";

	static final String NOT_AUTHORIZED_MESSAGE = "User is not authorized to access this resource";

	private final String routeId;

	private final MethodCacheSettings settings;

	private final CacheKeyGenerator keys;

	private final ResponseCache.StageCache cache;

	private final SingleFlight flights;

	private final CacheInvalidation invalidation;

	private final Duration followerWait;

	private final Counter hits;

	private final Counter misses;

	ResponseCacheFilter(String routeId, MethodCacheSettings settings, CacheKeyGenerator keys,
			ResponseCache.StageCache cache, SingleFlight flights, CacheInvalidation invalidation,
			Duration followerWait, Counter hits, Counter misses) {
		this.routeId = routeId;
		this.settings = settings;
		this.keys = keys;
		this.cache = cache;
		this.flights = flights;
		this.invalidation = invalidation;
		this.followerWait = followerWait;
		this.hits = hits;
		this.misses = misses;
	}

	@Override
	public int getOrder() {
		return PipelineOrder.CACHE;
	}

	@Override
	public boolean runsInTestInvoke() {
		return false;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (this.settings.onlyGet() && !HttpMethod.GET.equals(request.getMethod())) {
			return chain.filter(exchange);
		}
		RequestContext context = RequestContext.require(exchange);
		String key = this.keys.keyFor(request, context);
		List<String> cacheControl = request.getHeaders().get(HttpHeaders.CACHE_CONTROL);
		if (cacheControl != null && CacheControlHeader.requestsRefresh(cacheControl)) {
			if (!this.settings.requireAuthorization() || this.invalidation.allowed(context)) {
				return fetch(exchange, chain, key, null);
			}
			switch (this.settings.unauthorizedStrategy()) {
				case FAIL_WITH_403 -> {
					return Mono.error(new GatewayResponseException(GatewayResponseType.ACCESS_DENIED,
							NOT_AUTHORIZED_MESSAGE));
				}
				case SUCCEED_WITH_RESPONSE_HEADER -> warn(exchange.getResponse());
				case SUCCEED_WITHOUT_RESPONSE_HEADER -> {
				}
			}
		}
		return this.cache.get(key)
			.singleOptional()
			.flatMap((hit) -> hit.isPresent() ? serve(exchange, hit.get()) : miss(exchange, chain, key));
	}

	private Mono<Void> miss(ServerWebExchange exchange, GatewayFilterChain chain, String key) {
		SingleFlight.Call call = this.flights.join(key);
		if (call.leads()) {
			return fetch(exchange, chain, key, call);
		}
		return call.result()
			.timeout(this.followerWait, Mono.empty())
			.singleOptional()
			.flatMap((stored) -> stored.isPresent() ? serve(exchange, stored.get()) : fetch(exchange, chain, key, null));
	}

	private Mono<Void> fetch(ServerWebExchange exchange, GatewayFilterChain chain, String key,
			SingleFlight.@Nullable Call call) {
		this.misses.increment();
		exchange.getAttributes()
			.put(ExchangeAttributes.RESPONSE_CAPTURE, new ResponseCapture(this.cache, key, this.settings.ttl(), call));
		return chain.filter(exchange);
	}

	private Mono<Void> serve(ServerWebExchange exchange, CachedResponse hit) {
		this.hits.increment();
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatusCode.valueOf(hit.status()));
		HttpHeaders headers = response.getHeaders();
		for (CachedResponse.Header header : hit.headers()) {
			headers.put(header.name(), header.values());
		}
		headers.setContentLength(hit.body().length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(hit.body())));
	}

	private static void warn(ServerHttpResponse response) {
		// At commit, so that a response stored on this miss does not keep the warning.
		response.beforeCommit(() -> {
			response.getHeaders().set(HttpHeaders.WARNING, WARNING);
			return Mono.empty();
		});
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("route", this.routeId)
			.append("ttl", this.settings.ttl())
			.append("onlyGet", this.settings.onlyGet())
			.append("requireAuthorizationForCacheControl", this.settings.requireAuthorization())
			.append("unauthorizedCacheControlHeaderStrategy", this.settings.unauthorizedStrategy())
			.toString();
	}

}
