/**
 * Authorization of method requests, as API Gateway does it: the API's resource policy first
 * ({@link io.tollgate.auth.ResourcePolicyFilter}), then the method's authorizer
 * ({@link io.tollgate.auth.AuthorizerFilter}) choosing IAM SigV4 ({@code sigv4}), a Cognito user pool ({@code cognito}) or a Lambda authorizer ({@code lambda}).
 * Each decision maker is a {@link io.tollgate.auth.RequestAuthorizer}; its {@link io.tollgate.auth.AuthorizationResult}
 * is rendered through the single gateway-response path.
 */
@NullMarked
package io.tollgate.auth;

import org.jspecify.annotations.NullMarked;
