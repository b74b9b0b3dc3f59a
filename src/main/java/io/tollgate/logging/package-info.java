/**
 * Access logs: a stage's {@code accessLogSettings.format} with AWS's {@code $context} variables, written
 * asynchronously to the {@code tollgate.access} logger once each request's response is complete.
 */
@NullMarked
package io.tollgate.logging;

import org.jspecify.annotations.NullMarked;
