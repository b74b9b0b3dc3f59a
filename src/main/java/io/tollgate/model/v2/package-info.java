/**
 * The model of HTTP APIs and WebSocket APIs (API Gateway v2, {@code apigatewayv2}): immutable records whose
 * component names are AWS's wire names, so the management API reads and writes them as they are. One API of either
 * protocol type with everything that belongs to it is one {@link io.tollgate.model.v2.ApiV2Definition}; what a
 * stage serves is the {@link io.tollgate.model.v2.ApiConfiguration} its deployment froze.
 */
@NullMarked
package io.tollgate.model.v2;

import org.jspecify.annotations.NullMarked;
