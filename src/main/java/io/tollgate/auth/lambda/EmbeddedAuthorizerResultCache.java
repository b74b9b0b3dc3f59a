package io.tollgate.auth.lambda;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

/** The authorizer result cache in this process: Caffeine, each entry expiring after its authorizer's TTL. */
public final class EmbeddedAuthorizerResultCache implements AuthorizerResultCache {

	private final Cache<String, Entry> results;

	private record Entry(LambdaAuthorizerResult result, Duration ttl) {
	}

	public EmbeddedAuthorizerResultCache(long maximumSize) {
		this.results = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(Expiry.<String, Entry>writing((key, entry) -> entry.ttl()))
			.build();
	}

	@Override
	public Mono<LambdaAuthorizerResult> get(AuthorizerCacheKey key) {
		Entry entry = this.results.getIfPresent(key.asString());
		return (entry != null) ? Mono.just(entry.result()) : Mono.empty();
	}

	@Override
	public Mono<Void> put(AuthorizerCacheKey key, LambdaAuthorizerResult result, Duration ttl) {
		this.results.put(key.asString(), new Entry(result, ttl));
		return Mono.empty();
	}

	@Override
	public Mono<Void> flushStage(String apiId, String stage) {
		String prefix = AuthorizerCacheKey.stagePrefix(apiId, stage);
		return Mono.fromRunnable(() -> this.results.asMap().keySet().removeIf((key) -> key.startsWith(prefix)));
	}

	@Override
	public String toString() {
		return "EmbeddedAuthorizerResultCache[" + this.results.estimatedSize() + " entries]";
	}

}
