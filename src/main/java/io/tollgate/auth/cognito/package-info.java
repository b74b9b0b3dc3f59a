/**
 * Cognito user-pool authorizers: JWTs from the identity-source header verified with Spring Security's reactive
 * Nimbus decoder against each pool's JWKS (cached, refreshed on an unknown key id at most once per interval), then
 * the issuer, {@code token_use}, app client, expiry and the method's OAuth scopes checked as AWS does. A token
 * verified before is taken from the shared {@link io.tollgate.auth.jwt.VerifiedTokenCache} without parsing or
 * verifying it again.
 */
@NullMarked
package io.tollgate.auth.cognito;

import org.jspecify.annotations.NullMarked;
