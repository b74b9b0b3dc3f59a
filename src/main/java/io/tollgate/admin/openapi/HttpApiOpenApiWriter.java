package io.tollgate.admin.openapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.tollgate.model.v2.Api;
import io.tollgate.model.v2.ApiConfiguration;
import io.tollgate.model.v2.Authorizer;
import io.tollgate.model.v2.AuthorizerType;
import io.tollgate.model.v2.Cors;
import io.tollgate.model.v2.HttpRouteKey;
import io.tollgate.model.v2.Integration;
import io.tollgate.model.v2.Route;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an HTTP API's configuration as the OpenAPI 3.0 document API Gateway's ExportApi answers: a path per route
 * path with an operation per verb ({@code x-amazon-apigateway-any-method} for {@code ANY}, {@code /$default} with
 * {@code isDefaultRoute} for {@code $default}), and with extensions the integrations, authorizers (security
 * schemes) and CORS configuration. What it writes, {@link HttpApiOpenApiReader} reads back to the same
 * configuration.
 */
final class HttpApiOpenApiWriter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private HttpApiOpenApiWriter() {
	}

	/**
	 * @param stageName the stage the configuration is deployed to, written as the server's base path; {@code null}
	 * for the API's current configuration
	 */
	static ObjectNode write(ApiConfiguration configuration, @Nullable String stageName, boolean extensions,
			String region) {
		Api api = configuration.api();
		ObjectNode root = JSON.createObjectNode();
		root.put("openapi", "3.0.1");
		ObjectNode info = root.putObject("info");
		info.put("title", api.name());
		if (api.description() != null) {
			info.put("description", api.description());
		}
		info.put("version", (api.version() != null) ? api.version()
				: String.valueOf(api.createdDate()));
		ObjectNode server = root.putArray("servers").addObject();
		server.put("url", "https://" + api.apiId() + ".execute-api." + region + ".amazonaws.com/{basePath}");
		server.putObject("variables").putObject("basePath").put("default",
				(stageName == null || stageName.equals("$default")) ? "" : stageName);
		if (extensions && api.disableExecuteApiEndpoint()) {
			server.putObject("x-amazon-apigateway-endpoint-configuration").put("disableExecuteApiEndpoint", true);
		}
		ObjectNode paths = root.putObject("paths");
		List<Route> routes = new ArrayList<>(configuration.routes().values());
		routes.sort(Comparator.comparing(Route::routeKey));
		for (Route route : routes) {
			HttpRouteKey key = HttpRouteKey.parse(route.routeKey());
			String path = key.isDefault() ? "/$default" : key.path();
			ObjectNode item = (paths.get(path) instanceof ObjectNode existing) ? existing : paths.putObject(path);
			String verb = (key.isDefault() || "ANY".equals(key.method())) ? "x-amazon-apigateway-any-method"
					: key.method().toLowerCase(Locale.ROOT);
			item.set(verb, operation(configuration, route, key, extensions));
		}
		ObjectNode schemes = JSON.createObjectNode();
		for (Authorizer authorizer : configuration.authorizers().values()) {
			schemes.set(authorizer.name(), scheme(authorizer, extensions));
		}
		if (!schemes.isEmpty()) {
			root.putObject("components").set("securitySchemes", schemes);
		}
		if (extensions && api.corsConfiguration() != null) {
			root.set("x-amazon-apigateway-cors", cors(api.corsConfiguration()));
		}
		if (extensions) {
			root.put("x-amazon-apigateway-importexport-version", "1.0");
		}
		return root;
	}

	private static ObjectNode operation(ApiConfiguration configuration, Route route, HttpRouteKey key,
			boolean extensions) {
		ObjectNode operation = JSON.createObjectNode();
		if (key.isDefault()) {
			operation.put("isDefaultRoute", true);
		}
		if (route.operationName() != null) {
			operation.put("operationId", route.operationName());
		}
		ArrayNode parameters = JSON.createArrayNode();
		for (String segment : key.segments()) {
			if (segment.startsWith("{")) {
				ObjectNode parameter = parameters.addObject();
				parameter.put("name", segment.substring(1, segment.length() - (segment.endsWith("+}") ? 2 : 1)));
				parameter.put("in", "path");
				parameter.put("required", true);
				parameter.putObject("schema").put("type", "string");
			}
		}
		if (!parameters.isEmpty()) {
			operation.set("parameters", parameters);
		}
		operation.putObject("responses").putObject("default").put("description",
				"Default response for " + route.routeKey());
		configuration.authorizerOf(route).ifPresent((authorizer) -> {
			ArrayNode scopes = JSON.createArrayNode();
			route.authorizationScopes().forEach(scopes::add);
			operation.putArray("security").addObject().set(authorizer.name(), scopes);
		});
		if (extensions) {
			configuration.integrationOf(route)
				.ifPresent((integration) -> operation.set("x-amazon-apigateway-integration", integration(integration)));
		}
		return operation;
	}

	private static ObjectNode integration(Integration integration) {
		ObjectNode node = JSON.createObjectNode();
		node.put("type", integration.integrationType().name().toLowerCase(Locale.ROOT));
		putIfSet(node, "httpMethod", integration.integrationMethod());
		putIfSet(node, "uri", integration.integrationUri());
		putIfSet(node, "payloadFormatVersion", integration.payloadFormatVersion());
		putIfSet(node, "connectionType", integration.connectionType());
		putIfSet(node, "connectionId", integration.connectionId());
		putIfSet(node, "credentials", integration.credentialsArn());
		putIfSet(node, "integrationSubtype", integration.integrationSubtype());
		if (integration.timeoutInMillis() != null) {
			node.put("timeoutInMillis", integration.timeoutInMillis());
		}
		if (!integration.requestParameters().isEmpty()) {
			node.set("requestParameters", JSON.valueToTree(integration.requestParameters()));
		}
		if (!integration.responseParameters().isEmpty()) {
			node.set("responseParameters", JSON.valueToTree(integration.responseParameters()));
		}
		if (integration.tlsConfig() != null && integration.tlsConfig().serverNameToVerify() != null) {
			node.putObject("tlsConfig").put("serverNameToVerify", integration.tlsConfig().serverNameToVerify());
		}
		return node;
	}

	/** JWT authorizers as OAuth 2 schemes, Lambda ones as API keys, as AWS exports them. */
	private static ObjectNode scheme(Authorizer authorizer, boolean extensions) {
		ObjectNode scheme = JSON.createObjectNode();
		if (authorizer.authorizerType() == AuthorizerType.JWT) {
			scheme.put("type", "oauth2");
			scheme.putObject("flows");
		}
		else {
			scheme.put("type", "apiKey");
			scheme.put("name", "Unused");
			scheme.put("in", "header");
		}
		if (!extensions) {
			return scheme;
		}
		ObjectNode extension = scheme.putObject("x-amazon-apigateway-authorizer");
		extension.put("type", authorizer.authorizerType().name().toLowerCase(Locale.ROOT));
		extension.put("identitySource", String.join(", ", authorizer.identitySource()));
		if (authorizer.jwtConfiguration() != null) {
			ObjectNode jwt = extension.putObject("jwtConfiguration");
			putIfSet(jwt, "issuer", authorizer.jwtConfiguration().issuer());
			ArrayNode audience = jwt.putArray("audience");
			authorizer.jwtConfiguration().audience().forEach(audience::add);
		}
		putIfSet(extension, "authorizerUri", authorizer.authorizerUri());
		putIfSet(extension, "authorizerPayloadFormatVersion", authorizer.authorizerPayloadFormatVersion());
		putIfSet(extension, "authorizerCredentials", authorizer.authorizerCredentialsArn());
		if (authorizer.enableSimpleResponses() != null) {
			extension.put("enableSimpleResponses", authorizer.enableSimpleResponses());
		}
		if (authorizer.authorizerResultTtlInSeconds() != null) {
			extension.put("authorizerResultTtlInSeconds", authorizer.authorizerResultTtlInSeconds());
		}
		return scheme;
	}

	private static JsonNode cors(Cors cors) {
		ObjectNode node = JSON.createObjectNode();
		if (cors.allowCredentials() != null) {
			node.put("allowCredentials", cors.allowCredentials());
		}
		putList(node, "allowHeaders", cors.allowHeaders());
		putList(node, "allowMethods", cors.allowMethods());
		putList(node, "allowOrigins", cors.allowOrigins());
		putList(node, "exposeHeaders", cors.exposeHeaders());
		if (cors.maxAge() != null) {
			node.put("maxAge", cors.maxAge());
		}
		return node;
	}

	private static void putList(ObjectNode node, String field, List<String> values) {
		if (!values.isEmpty()) {
			ArrayNode array = node.putArray(field);
			values.forEach(array::add);
		}
	}

	private static void putIfSet(ObjectNode node, String field, @Nullable String value) {
		if (value != null) {
			node.put(field, value);
		}
	}


}
