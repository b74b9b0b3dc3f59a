/**
 * The one way Tollgate calls functions: Lambda authorizers, AWS_PROXY and AWS Lambda integrations all go through
 * {@link io.tollgate.function.FunctionInvoker}, the Lambda Invoke API.
 */
@NullMarked
package io.tollgate.function;

import org.jspecify.annotations.NullMarked;
