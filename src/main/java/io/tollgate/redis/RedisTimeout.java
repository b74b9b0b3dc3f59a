package io.tollgate.redis;

import java.time.Duration;

import io.lettuce.core.RedisCommandTimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A bound on a Redis call, failing with Lettuce's {@link RedisCommandTimeoutException} as Lettuce's own command
 * timeout does. Given as the timeout's fallback rather than left to Reactor: without a fallback, Reactor names the
 * timed operator chain for its {@code TimeoutException}'s message by scanning it, on every call.
 */
public final class RedisTimeout {

	private RedisTimeout() {
	}

	public static <T> Mono<T> bound(Mono<T> call, Duration timeout) {
		return call.timeout(timeout, Mono.error(() -> timedOut(timeout)));
	}

	/** Bounds the wait for each element, as {@link Flux#timeout(Duration)} does. */
	public static <T> Flux<T> bound(Flux<T> call, Duration timeout) {
		return call.timeout(timeout, Flux.error(() -> timedOut(timeout)));
	}

	static RedisCommandTimeoutException timedOut(Duration timeout) {
		return new RedisCommandTimeoutException("Command timed out after " + timeout);
	}

}
