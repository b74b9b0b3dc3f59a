package io.tollgate.cache;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.model.Stage;
import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.pipeline.MethodFilterFactory;

import org.springframework.cloud.gateway.filter.GatewayFilter;

/**
 * The stage cache's step of each route: for a method whose responses its stage caches, the lookup
 * ({@link ResponseCacheFilter}) and the capture under the response writer ({@link ResponseCaptureFilter}), built
 * once with the method's settings, key generator, stage cache and meters. Nothing for any other method.
 */
public final class ResponseCacheFilterFactory implements MethodFilterFactory {

	/** How long a waiting miss waits beyond the integration's own timeout before calling it itself. */
	private static final Duration FOLLOWER_SLACK = Duration.ofSeconds(1);

	private final ResponseCache cache;

	private final ResponseCacheProperties properties;

	private final CacheInvalidation invalidation;

	private final MeterRegistry meters;

	private final SingleFlight flights = new SingleFlight();

	public ResponseCacheFilterFactory(ResponseCache cache, ResponseCacheProperties properties, String region,
			MeterRegistry meters) {
		this.cache = cache;
		this.properties = properties;
		this.invalidation = new CacheInvalidation(region);
		this.meters = meters;
	}

	@Override
	public List<GatewayFilter> filtersFor(DeployedMethod method) {
		if (!this.properties.enabled()) {
			return List.of();
		}
		MethodCacheSettings settings = MethodCacheSettings.of(method);
		Stage stage = method.stage();
		if (settings == null || stage == null) {
			return List.of();
		}
		ResponseCache.StageCache stageCache = this.cache.stage(method.api().id(), method.stageName(),
				this.properties.stageCapacityBytes(stage.cacheClusterSize()));
		Duration followerWait = Duration.ofMillis(method.integration().timeoutInMillis()).plus(FOLLOWER_SLACK);
		ResponseCacheFilter lookup = new ResponseCacheFilter(method.routeId(), settings,
				new CacheKeyGenerator(method, settings), stageCache, this.flights, this.invalidation, followerWait,
				counter(MeterNames.CACHE_HITS, method), counter(MeterNames.CACHE_MISSES, method));
		return List.of(new ResponseCaptureFilter((int) this.properties.maxEntrySize().toBytes()), lookup);
	}

	private Counter counter(String name, DeployedMethod method) {
		return Counter.builder(name)
			.tag(MeterNames.TAG_API_ID, method.api().id())
			.tag(MeterNames.TAG_STAGE, method.stageName())
			.tag(MeterNames.TAG_METHOD, method.method().httpMethod())
			.tag(MeterNames.TAG_RESOURCE, method.resource().path())
			.register(this.meters);
	}

}
