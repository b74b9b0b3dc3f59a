/**
 * What every JWT authorizer shares: an issuer's JSON Web Key Set fetched and cached without blocking
 * ({@link io.tollgate.auth.jwt.JwkSetCache}), and a bounded cache of tokens whose signature was verified
 * ({@link io.tollgate.auth.jwt.VerifiedTokenCache}) in front of the RS256 verification.
 */
@NullMarked
package io.tollgate.auth.jwt;

import org.jspecify.annotations.NullMarked;
