/**
 * AWS Signature Version 4: verifying signed requests, for the management API (service {@code apigateway}) and for
 * {@code AWS_IAM} methods (service {@code execute-api}). Canonicalisation is the AWS SDK's own.
 */
@NullMarked
package io.tollgate.auth.sigv4;

import org.jspecify.annotations.NullMarked;
