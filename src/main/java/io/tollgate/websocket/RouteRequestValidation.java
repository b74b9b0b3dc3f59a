package io.tollgate.websocket;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import io.tollgate.model.v2.ParameterConstraints;
import io.tollgate.model.v2.Route;
import io.tollgate.validation.ModelSchemas;
import io.tollgate.validation.RequiredParameter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A WebSocket route's request validation, compiled once per deployment: on {@code $connect}, the route's
 * {@code requestParameters} marked required ({@code route.request.header.X}, {@code route.request.querystring.X});
 * on messages of a route with a {@code modelSelectionExpression}, the message against the model of
 * {@code requestModels} the expression selects, else the {@code $default} model, else none, which fails the message
 * as on AWS. Models are JSON Schema draft 4, validated as REST request bodies are ({@link ModelSchemas}).
 */
final class RouteRequestValidation {

	static final RouteRequestValidation NONE = new RouteRequestValidation(List.of(), null, Set.of(), Map.of());

	private static final Log logger = LogFactory.getLog(RouteRequestValidation.class);

	/** The {@code requestModels} key of the model for messages no other key selects. */
	private static final String DEFAULT_MODEL = "$default";

	private final List<RequiredParameter> requiredParameters;

	private final @Nullable SelectionExpression modelSelection;

	/** Every {@code requestModels} key, whether or not its model has a schema. */
	private final Set<String> modelKeys;

	/** The compiled schemas by {@code requestModels} key; a key without one accepts every message. */
	private final Map<String, Schema> schemas;

	private RouteRequestValidation(List<RequiredParameter> requiredParameters,
			@Nullable SelectionExpression modelSelection, Set<String> modelKeys, Map<String, Schema> schemas) {
		this.requiredParameters = List.copyOf(requiredParameters);
		this.modelSelection = modelSelection;
		this.modelKeys = Set.copyOf(modelKeys);
		this.schemas = Map.copyOf(schemas);
	}

	/**
	 * @param apiId the API, for log lines
	 * @param models the API's models, built on first use
	 */
	static RouteRequestValidation of(String apiId, Route route, Supplier<ModelSchemas> models) {
		if (WebSocketRoute.CONNECT.equals(route.routeKey())) {
			// Only $connect has request parameters (and no message to validate).
			Map<String, Boolean> parameters = new LinkedHashMap<>();
			route.requestParameters()
				.forEach((key, constraints) -> parameters.put(key, isRequired(constraints)));
			List<RequiredParameter> required = RequiredParameter.of(RequiredParameter.ROUTE_REQUEST, parameters);
			return required.isEmpty() ? NONE : new RouteRequestValidation(required, null, Set.of(), Map.of());
		}
		String expression = route.modelSelectionExpression();
		if (expression == null || expression.isBlank() || WebSocketRoute.DISCONNECT.equals(route.routeKey())) {
			return NONE;
		}
		SelectionExpression selection;
		try {
			selection = SelectionExpression.parse(expression);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("API " + apiId + ", route " + route.routeKey() + ": " + ex.getMessage()
					+ "; messages are validated against its $default model");
			selection = SelectionExpression.parse("\\" + DEFAULT_MODEL);
		}
		Map<String, Schema> schemas = new LinkedHashMap<>();
		route.requestModels().forEach((key, modelName) -> {
			try {
				Schema schema = models.get().schema(modelName);
				if (schema != null) {
					schemas.put(key, schema);
				}
			}
			catch (SchemaException | IllegalArgumentException ex) {
				logger.warn("API " + apiId + ", route " + route.routeKey() + ": model " + modelName
						+ " is not a valid JSON schema (" + ex.getMessage() + "); its messages are not validated");
			}
		});
		return new RouteRequestValidation(List.of(), selection, route.requestModels().keySet(), schemas);
	}

	private static boolean isRequired(@Nullable ParameterConstraints constraints) {
		return constraints != null && constraints.required();
	}

	/** The names of the required parameters the handshake lacks, in AWS's order. */
	List<String> missingParameters(ServerHttpRequest handshake) {
		return this.requiredParameters.isEmpty() ? List.of()
				: RequiredParameter.missing(this.requiredParameters, handshake, null);
	}

	/** Whether the route's messages are validated. */
	boolean validatesMessages() {
		return this.modelSelection != null;
	}

	/**
	 * Whether the message passes the model its selection expression selects. Parsing and validating up to a whole
	 * message against the author's schema is CPU work: call it off the event loop.
	 */
	boolean accepts(String message) {
		if (this.modelSelection == null) {
			return true;
		}
		String key = this.modelSelection.evaluate(message);
		if (key == null || !this.modelKeys.contains(key)) {
			key = DEFAULT_MODEL;
		}
		if (!this.modelKeys.contains(key)) {
			return false;
		}
		Schema schema = this.schemas.get(key);
		return schema == null || ModelSchemas.isValidBody(schema, message.getBytes(StandardCharsets.UTF_8));
	}

	/** AWS's message on the socket for a message that failed validation; the connection stays open. */
	static String badRequestBody(RouteEvent event) {
		return "{\"message\" : \"Bad request body\", \"connectionId\": \"" + event.connection().connectionId()
				+ "\", \"messageId\": \"" + event.messageId() + "\"}";
	}

	@Override
	public String toString() {
		return "RouteRequestValidation[requiredParameters="
				+ this.requiredParameters.stream().map(RequiredParameter::name).toList() + ", modelSelection="
				+ this.modelSelection + ", models=" + this.modelKeys + "]";
	}

}
