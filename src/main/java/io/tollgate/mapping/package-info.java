/**
 * AWS API Gateway mapping templates: Apache Velocity with AWS's {@code $input}, {@code $util}, {@code $context} and
 * {@code $stageVariables}, rendered in a sandbox because templates are written by API authors, not by the operator.
 */
@NullMarked
package io.tollgate.mapping;

import org.jspecify.annotations.NullMarked;
