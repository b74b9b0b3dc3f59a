package io.tollgate.integration;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import reactor.core.publisher.Mono;

/**
 * An integration's timeout: a call still running when it passes, or one that failed with a timeout of its own (a
 * backend connection pool's acquire timeout), answers 504 {@code Endpoint request timed out}.
 * <p>
 * The timeout falls back to that error itself rather than letting Reactor raise its {@code TimeoutException}: without
 * a fallback, Reactor names the timed operator chain in the exception's message on every subscription, by scanning
 * it, which cost each proxied request more CPU than the rest of its integration step.
 */
final class IntegrationTimeout {

	private IntegrationTimeout() {
	}

	static <T> Mono<T> bound(Mono<T> call, Duration timeout) {
		return call.timeout(timeout, Mono.error(IntegrationTimeout::timedOut))
			.onErrorMap(TimeoutException.class, (ex) -> timedOut());
	}

	static GatewayResponseException timedOut() {
		return new GatewayResponseException(GatewayResponseType.INTEGRATION_TIMEOUT);
	}

}
