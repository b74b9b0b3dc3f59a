package io.tollgate.websocket;

import java.util.Map;

import io.tollgate.logging.AccessLogFormat;
import io.tollgate.usage.RouteThrottle;
import org.jspecify.annotations.Nullable;

/**
 * A stage of a WebSocket API as its active deployment serves it: the route selection expression and the routes,
 * compiled once per deployment.
 *
 * @param apiId the API
 * @param stage the stage's name
 * @param deploymentId the deployment the stage serves
 * @param routeSelection the API's route selection expression
 * @param routes the deployed routes by key
 * @param stageVariables the stage's variables
 * @param connect how {@code $connect} is authorized
 * @param connectThrottle the throttle of {@code $connect} handshakes (whether or not the route exists)
 * @param accessLogFormat the stage's access log format, {@code null} when it logs nothing
 * @param executeApiEndpointDisabled whether the deployed API has {@code disableExecuteApiEndpoint}: only its custom
 * domains serve it
 */
public record WebSocketStage(String apiId, String stage, String deploymentId, SelectionExpression routeSelection,
		Map<String, WebSocketRoute> routes, Map<String, String> stageVariables, ConnectAuthorization connect,
		RouteThrottle connectThrottle, @Nullable AccessLogFormat accessLogFormat, boolean executeApiEndpointDisabled) {

	public WebSocketStage {
		routes = Map.copyOf(routes);
		stageVariables = Map.copyOf(stageVariables);
	}

	public @Nullable WebSocketRoute route(String routeKey) {
		return this.routes.get(routeKey);
	}

	/**
	 * The route a message goes to: the route whose key equals the evaluated expression, else {@code $default};
	 * {@code null} when neither exists.
	 */
	public @Nullable WebSocketRoute select(String message) {
		String key = this.routeSelection.evaluate(message);
		WebSocketRoute route = (key != null && !key.startsWith("$")) ? this.routes.get(key) : null;
		return (route != null) ? route : this.routes.get(WebSocketRoute.DEFAULT);
	}

}
