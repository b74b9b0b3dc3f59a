package io.tollgate.websocket;

import reactor.core.publisher.Mono;

/**
 * The backend of a WebSocket route, built once per deployment from the route's integration: a Lambda function,
 * an HTTP endpoint or a mock. Fails with {@link IntegrationFailure} when the backend cannot answer.
 */
@FunctionalInterface
public interface RouteIntegration {

	Mono<IntegrationReply> invoke(RouteEvent event);

	/** The integration could not produce an answer: a function error, a timeout, an unreachable backend. */
	final class IntegrationFailure extends RuntimeException {

		public IntegrationFailure(String message, @org.jspecify.annotations.Nullable Throwable cause) {
			super(message, cause, false, false);
		}

	}

}
