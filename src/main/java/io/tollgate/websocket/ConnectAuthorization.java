package io.tollgate.websocket;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * How a stage's {@code $connect} decides whether a client may connect: the API key (when the route requires one),
 * then its authorizer (REQUEST Lambda or IAM). Only {@code $connect} is authorized, and it protects the whole API.
 */
@FunctionalInterface
public interface ConnectAuthorization {

	/** Every client may connect. */
	ConnectAuthorization NONE = (handshake, connection) -> Mono.just(new Decision.Allow(connection));

	/**
	 * @param handshake the upgrade request
	 * @param connection the connection-to-be
	 */
	Mono<Decision> authorize(ServerHttpRequest handshake, ConnectionContext connection);

	/** Whether the client may connect. */
	sealed interface Decision permits Decision.Allow, Decision.Refuse {

		/** It may: {@code connection} carries the identity and authorizer output for every later event. */
		record Allow(ConnectionContext connection) implements Decision {
		}

		/**
		 * It may not: the handshake is refused with {@code status}.
		 * @param errorType {@code x-amzn-ErrorType}
		 */
		record Refuse(int status, String message, @org.jspecify.annotations.Nullable String errorType) implements Decision {

			static Refuse unauthorized() {
				return new Refuse(401, "Unauthorized", "UnauthorizedException");
			}

			static Refuse forbidden() {
				return new Refuse(403, "Forbidden", "ForbiddenException");
			}

		}

	}

}
