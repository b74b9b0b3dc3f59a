/**
 * Lambda (custom) authorizers, TOKEN and REQUEST: identity sources, AWS's event, the function's policy evaluated
 * against each method ARN, and the result cache shared by every method of a stage that uses the authorizer
 * (Caffeine embedded, Redis with replicas).
 */
@NullMarked
package io.tollgate.auth.lambda;

import org.jspecify.annotations.NullMarked;
