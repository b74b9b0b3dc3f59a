/**
 * WebSocket APIs on the data plane: the handshake that runs {@code $connect} before the upgrade completes, the
 * message loop that routes each message by the API's route selection expression, {@code $disconnect} on every close,
 * the limits AWS enforces with their close codes, and the {@code @connections} API that backends call to push
 * messages to clients. A connection lives on one replica; the {@link io.tollgate.websocket.ConnectionRegistry}
 * (in-process, or Redis with a lease per replica and a delivery channel per replica) lets any replica serve
 * {@code @connections}.
 */
@NullMarked
package io.tollgate.websocket;

import org.jspecify.annotations.NullMarked;
