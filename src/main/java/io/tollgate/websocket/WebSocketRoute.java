package io.tollgate.websocket;

import io.tollgate.usage.RouteThrottle;
import org.jspecify.annotations.Nullable;

/**
 * A deployed route of a WebSocket API.
 *
 * @param routeKey {@code $connect}, {@code $disconnect}, {@code $default} or a custom key
 * @param integration the route's backend; {@code null} when the route has no target (its events go nowhere)
 * @param twoWay whether the route has a route response, so that the integration's answer goes back to the client
 * @param throttle the stage's throttle of the route (and the gateway-wide one), taken before its integration runs
 */
public record WebSocketRoute(String routeKey, @Nullable RouteIntegration integration, boolean twoWay,
		RouteThrottle throttle) {

	public static final String CONNECT = "$connect";

	public static final String DISCONNECT = "$disconnect";

	public static final String DEFAULT = "$default";

}
