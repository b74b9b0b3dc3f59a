package io.tollgate.model.v2;

import java.util.Map;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.Immutables;
import io.tollgate.model.ModelIds;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket route's response (AWS {@code RouteResponse}): with one ({@code $default}), the route is two-way and
 * the integration's answer goes back to the client.
 */
public record RouteResponse(String routeResponseId, String routeResponseKey,
		@Nullable String modelSelectionExpression, Map<String, String> responseModels,
		Map<String, ParameterConstraints> responseParameters) {

	public RouteResponse(String routeResponseId, String routeResponseKey, @Nullable String modelSelectionExpression,
			@Nullable Map<String, String> responseModels,
			@Nullable Map<String, ParameterConstraints> responseParameters) {
		this.routeResponseId = ModelIds.requireId(routeResponseId, "routeResponseId");
		if (routeResponseKey == null || routeResponseKey.isEmpty()) {
			throw ApiModelException.badRequest("Invalid routeResponseKey: a value is required");
		}
		this.routeResponseKey = routeResponseKey;
		this.modelSelectionExpression = modelSelectionExpression;
		this.responseModels = Immutables.map(responseModels);
		this.responseParameters = Immutables.map(responseParameters);
	}

}
