/**
 * HTTP APIs' {@code corsConfiguration} (aws-behavior-v2 §A.7): the gateway answers preflights itself, before any
 * route, {@code $default} or authorizer, and sets the CORS headers of actual requests over whatever the integration
 * returned.
 */
@NullMarked
package io.tollgate.cors;

import org.jspecify.annotations.NullMarked;
