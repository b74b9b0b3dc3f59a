/**
 * API Gateway's CloudWatch metrics and the gateway's own operational meters, on Micrometer.
 */
@NullMarked
package io.tollgate.metrics;

import org.jspecify.annotations.NullMarked;
