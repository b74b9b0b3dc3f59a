package io.tollgate.auth.lambda;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * The Lambda authorizer result cache: a function's answer kept for {@code authorizerResultTtlInSeconds} per
 * authorizer and identity-source values, re-evaluated against each method ARN. Embedded (Caffeine) or shared by
 * replicas (Redis). A cache that fails answers a miss, so the function is asked again (fail-open to the function,
 * never to the caller).
 */
public interface AuthorizerResultCache {

	/** The cached result, or empty. */
	Mono<LambdaAuthorizerResult> get(AuthorizerCacheKey key);

	Mono<Void> put(AuthorizerCacheKey key, LambdaAuthorizerResult result, Duration ttl);

	/** Forgets every result of the stage's authorizers (FlushStageAuthorizersCache). */
	Mono<Void> flushStage(String apiId, String stage);

}
