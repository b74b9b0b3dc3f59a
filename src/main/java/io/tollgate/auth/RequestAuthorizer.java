package io.tollgate.auth;

import io.tollgate.pipeline.RequestContext;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Decides whether one method's request may go on: an IAM (SigV4), Cognito user-pool or Lambda authorizer, built
 * once per deployed method with its configuration. Never blocks; failures are results, not errors.
 */
public interface RequestAuthorizer {

	Mono<AuthorizationResult> authorize(ServerWebExchange exchange, RequestContext context);

	/**
	 * The meter's {@code authorizer_type} tag: {@code AWS_IAM}, {@code COGNITO_USER_POOLS}, {@code TOKEN},
	 * {@code REQUEST}.
	 */
	String type();

}
