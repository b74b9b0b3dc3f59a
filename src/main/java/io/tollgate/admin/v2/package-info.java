/**
 * The {@code apigatewayv2} management protocol (paths under {@code /v2/}), served by the same admin server as v1 and
 * so behind the same SigV4 check and error rendering ({@code x-amzn-ErrorType} and {@code {"message": ...}}):
 * lowerCamel JSON with ISO-8601 timestamps ({@link V2Json}), {@code items}/{@code nextToken} listings
 * ({@link V2Page}), 201 for creates and 204 for deletes. Custom domains and API mappings live here; the HTTP and
 * WebSocket API operations build on the same pieces.
 */
@NullMarked
package io.tollgate.admin.v2;

import org.jspecify.annotations.NullMarked;
