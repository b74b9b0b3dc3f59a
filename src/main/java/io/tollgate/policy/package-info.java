/**
 * IAM policy evaluation, one evaluator for every place AWS evaluates a policy: the API's resource policy, a Lambda
 * authorizer's policy document, the policies of SigV4 (IAM) identities and the cache's
 * {@code execute-api:InvalidateCache} check. Explicit {@code Deny} wins over {@code Allow}; nothing allowed is denied.
 */
@NullMarked
package io.tollgate.policy;

import org.jspecify.annotations.NullMarked;
