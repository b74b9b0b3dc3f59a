package io.tollgate.websocket;

import org.jspecify.annotations.Nullable;

/**
 * A deployed route of a WebSocket API.
 *
 * @param routeKey {@code $connect}, {@code $disconnect}, {@code $default} or a custom key
 * @param integration the route's backend; {@code null} when the route has no target (its events go nowhere)
 * @param twoWay whether the route has a route response, so that the integration's answer goes back to the client
 */
public record WebSocketRoute(String routeKey, @Nullable RouteIntegration integration, boolean twoWay) {

	public static final String CONNECT = "$connect";

	public static final String DISCONNECT = "$disconnect";

	public static final String DEFAULT = "$default";

}
