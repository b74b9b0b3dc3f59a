package io.tollgate.usage;

import reactor.core.publisher.Mono;

/**
 * The throttle of one route of an API stage outside the REST pipeline (a WebSocket API's {@code $connect} handshake
 * and its messages): the gateway-wide throttle, then the stage's route settings on the shared {@link UsageLimiter}.
 * Built once per deployed route by {@link RouteThrottles}.
 */
@FunctionalInterface
public interface RouteThrottle {

	/** Admits everything: a route nothing throttles. */
	RouteThrottle UNLIMITED = () -> Mono.just(Outcome.ADMITTED);

	/** Takes a token from each bucket of the route, or says why not; never fails. */
	Mono<Outcome> acquire();

	/** What one request or message got. */
	enum Outcome {

		ADMITTED,

		/** A bucket was empty: AWS's 429 Too Many Requests. */
		THROTTLED,

		/** Redis could not be asked and throttles fail closed: 503 Service Unavailable. */
		UNAVAILABLE

	}

}
