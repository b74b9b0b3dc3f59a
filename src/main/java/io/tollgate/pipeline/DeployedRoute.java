package io.tollgate.pipeline;

import io.tollgate.model.v2.Api;
import io.tollgate.model.v2.Authorizer;
import io.tollgate.model.v2.Integration;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.RouteSettings;
import io.tollgate.model.v2.Stage;
import org.jspecify.annotations.Nullable;

/**
 * One route of an HTTP API as a stage serves it: the deployment's frozen API settings, route, integration and
 * authorizer, and the stage's settings for the route. What every pipeline step builds its filters from, once per
 * deployment, as {@link DeployedMethod} is for REST APIs.
 *
 * @param api the API as deployed (its CORS configuration among its settings)
 * @param integration the route's integration; {@code null} when it has none (every request answers 500)
 * @param authorizer the route's authorizer; {@code null} for {@code NONE} and {@code AWS_IAM} routes, or when the
 * deployment lacks it
 * @param settings the stage's {@code defaultRouteSettings} with the route's own {@code routeSettings} over them
 */
public record DeployedRoute(Api api, Stage stage, String deploymentId, Route route, @Nullable Integration integration,
		@Nullable Authorizer authorizer, RouteSettings settings) {

	/** A readable, unique route id: api, stage and route key. */
	public String routeId() {
		return this.api.apiId() + ":" + this.stage.stageName() + ":" + this.route.routeKey();
	}

	/** The route key's verb ({@code ANY} included), {@code $default} for the default route. */
	public String method() {
		String key = this.route.routeKey();
		int space = key.indexOf(' ');
		return (space < 0) ? key : key.substring(0, space);
	}

	/** The route key's path, {@code $default} for the default route. */
	public String path() {
		String key = this.route.routeKey();
		int space = key.indexOf(' ');
		return (space < 0) ? key : key.substring(space + 1);
	}

	public boolean isDefaultRoute() {
		return this.route.routeKey().equals(Stage.DEFAULT);
	}

}
