package io.tollgate.admin.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.IntegrationType;
import io.tollgate.model.ModelIds;
import io.tollgate.model.v2.Api;
import io.tollgate.model.v2.ApiConfiguration;
import io.tollgate.model.v2.AuthorizationType;
import io.tollgate.model.v2.Authorizer;
import io.tollgate.model.v2.AuthorizerType;
import io.tollgate.model.v2.Cors;
import io.tollgate.model.v2.HttpRouteKey;
import io.tollgate.model.v2.Integration;
import io.tollgate.model.v2.JwtConfiguration;
import io.tollgate.model.v2.ProtocolType;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.TlsConfig;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static io.tollgate.admin.openapi.OpenApiDocument.fields;
import static io.tollgate.admin.openapi.OpenApiDocument.stringList;
import static io.tollgate.admin.openapi.OpenApiDocument.stringMap;
import static io.tollgate.admin.openapi.OpenApiDocument.text;

/**
 * Reads an OpenAPI 3.0 definition into an HTTP API's configuration the way API Gateway's ImportApi does: each
 * operation a route ({@code x-amazon-apigateway-any-method} the {@code ANY} route, and with
 * {@code isDefaultRoute: true} under {@code /$default} the {@code $default} route), its
 * {@code x-amazon-apigateway-integration} (inline or a {@code $ref} to {@code components.x-amazon-apigateway-integrations})
 * the route's integration, {@code x-amazon-apigateway-authorizer} security schemes the authorizers,
 * {@code x-amazon-apigateway-cors} the CORS configuration. Ids are derived from the API id and the element's name,
 * so a reimport keeps them.
 */
final class HttpApiOpenApiReader {

	private static final List<String> VERBS = List.of("get", "put", "post", "delete", "options", "head", "patch");

	private final OpenApiDocument document;

	private final String apiId;

	private final ImportProblems problems;

	private final Map<String, Authorizer> authorizersByScheme = new LinkedHashMap<>();

	private final Map<String, Integration> integrationsById = new LinkedHashMap<>();

	private HttpApiOpenApiReader(OpenApiDocument document, String apiId, ImportProblems problems) {
		this.document = document;
		this.apiId = apiId;
		this.problems = problems;
	}

	/**
	 * The configuration the document defines for an API with {@code settings} (id, tags and creation date kept).
	 * @throws ApiModelException.BadRequest for a document that is not OpenAPI 3.0, or when the model refuses it
	 */
	static ApiConfiguration read(OpenApiDocument document, Api settings, ImportProblems problems) {
		if (document.isSwagger() || !document.root().path("openapi").asString("").startsWith("3.0")) {
			throw ImportProblems.invalid("HTTP APIs import OpenAPI 3.0 definitions only");
		}
		return new HttpApiOpenApiReader(document, settings.apiId(), problems).read(settings);
	}

	private ApiConfiguration read(Api settings) {
		JsonNode root = this.document.root();
		JsonNode info = root.path("info");
		String name = text(info, "title");
		JsonNode endpoint = root.path("servers").path(0).path("x-amazon-apigateway-endpoint-configuration");
		Api api = new Api(this.apiId, (name != null) ? name : settings.name(), ProtocolType.HTTP, null, null,
				cors(root.get("x-amazon-apigateway-cors")), endpoint.path("disableExecuteApiEndpoint").asBoolean(false),
				null, text(info, "version"), text(info, "description"), settings.tags(), settings.ipAddressType(),
				settings.createdDate(), List.of(), this.problems.warnings());
		readAuthorizers();
		List<Route> routes = readPaths(root.path("security"));
		ApiConfiguration configuration = ApiConfiguration.of(api);
		for (Integration integration : this.integrationsById.values()) {
			configuration = configuration.withIntegration(integration);
		}
		for (Authorizer authorizer : this.authorizersByScheme.values()) {
			configuration = configuration.withAuthorizer(authorizer);
		}
		for (Route route : routes) {
			configuration = configuration.withRoute(route);
		}
		return configuration.withApi(new Api(api.apiId(), api.name(), api.protocolType(), null, null,
				api.corsConfiguration(), api.disableExecuteApiEndpoint(), null, api.version(), api.description(),
				api.tags(), api.ipAddressType(), api.createdDate(), List.of(), this.problems.warnings()));
	}

	private @Nullable Cors cors(@Nullable JsonNode cors) {
		if (cors == null || !cors.isObject()) {
			return null;
		}
		JsonNode credentials = cors.get("allowCredentials");
		JsonNode maxAge = cors.get("maxAge");
		return new Cors((credentials != null) ? credentials.asBoolean() : null, stringList(cors, "allowHeaders"),
				stringList(cors, "allowMethods"), stringList(cors, "allowOrigins"), stringList(cors, "exposeHeaders"),
				(maxAge != null && maxAge.isNumber()) ? maxAge.asInt() : null);
	}

	private void readAuthorizers() {
		for (Map.Entry<String, JsonNode> scheme : fields(this.document.root().path("components").path("securitySchemes"))) {
			JsonNode extension = scheme.getValue().get("x-amazon-apigateway-authorizer");
			if (extension == null) {
				continue;
			}
			String type = text(extension, "type");
			String id = ModelIds.derived(this.apiId + ":authorizer:" + scheme.getKey());
			if ("jwt".equalsIgnoreCase(type)) {
				JsonNode jwt = extension.path("jwtConfiguration");
				String issuer = text(jwt, "issuer");
				if (issuer == null) {
					issuer = text(scheme.getValue(), "openIdConnectUrl");
				}
				this.authorizersByScheme.put(scheme.getKey(), new Authorizer(id, scheme.getKey(), AuthorizerType.JWT,
						identitySources(extension), new JwtConfiguration(stringList(jwt, "audience"), issuer), null,
						null, null, null, null, null));
			}
			else if ("request".equalsIgnoreCase(type)) {
				JsonNode ttl = extension.get("authorizerResultTtlInSeconds");
				JsonNode simple = extension.get("enableSimpleResponses");
				this.authorizersByScheme.put(scheme.getKey(), new Authorizer(id, scheme.getKey(), AuthorizerType.REQUEST,
						identitySources(extension), null, text(extension, "authorizerUri"),
						version(extension.get("authorizerPayloadFormatVersion")),
						(simple != null) ? simple.asBoolean() : null,
						(ttl != null && ttl.isNumber()) ? ttl.asInt() : null, text(extension, "authorizerCredentials"),
						null));
			}
			else {
				this.problems.warning("Unsupported authorizer type " + type + " of security scheme " + scheme.getKey()
						+ ". Ignoring.");
			}
		}
	}

	/** {@code identitySource}: a comma-separated string (AWS's extension) or a list. */
	private static List<String> identitySources(JsonNode extension) {
		JsonNode value = extension.get("identitySource");
		List<String> sources = new ArrayList<>();
		if (value != null && value.isArray()) {
			value.values().forEach((source) -> sources.add(source.asString().trim()));
		}
		else if (value != null && value.isString()) {
			for (String source : value.asString().split(",")) {
				if (!source.isBlank()) {
					sources.add(source.trim());
				}
			}
		}
		return sources;
	}

	private List<Route> readPaths(JsonNode rootSecurity) {
		List<Route> routes = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : fields(this.document.root().path("paths"))) {
			JsonNode item = this.document.resolve(path.getValue());
			for (Map.Entry<String, JsonNode> operation : fields(item)) {
				String key = operation.getKey();
				String verb;
				if (VERBS.contains(key)) {
					verb = key.toUpperCase(Locale.ROOT);
				}
				else if (key.equals("x-amazon-apigateway-any-method")) {
					verb = "ANY";
				}
				else {
					continue;
				}
				JsonNode node = this.document.resolve(operation.getValue());
				boolean defaultRoute = node.path("isDefaultRoute").asBoolean(false) || path.getKey().equals("/$default");
				String routeKey = defaultRoute ? HttpRouteKey.DEFAULT : verb + " " + path.getKey();
				routes.add(route(routeKey, node, rootSecurity));
			}
		}
		return routes;
	}

	private Route route(String routeKey, JsonNode operation, JsonNode rootSecurity) {
		String integrationId = integration(routeKey, operation.get("x-amazon-apigateway-integration"));
		JsonNode security = operation.has("security") ? operation.get("security") : rootSecurity;
		AuthorizationType authorization = AuthorizationType.NONE;
		String authorizerId = null;
		List<String> scopes = null;
		if (security != null && security.isArray() && !security.isEmpty()) {
			if (security.size() > 1) {
				this.problems.error("Only one security requirement is supported per operation: " + routeKey);
			}
			for (Map.Entry<String, JsonNode> requirement : fields(security.get(0))) {
				Authorizer authorizer = this.authorizersByScheme.get(requirement.getKey());
				if (authorizer == null) {
					authorization = AuthorizationType.AWS_IAM;
					continue;
				}
				authorization = (authorizer.authorizerType() == AuthorizerType.JWT) ? AuthorizationType.JWT
						: AuthorizationType.CUSTOM;
				authorizerId = authorizer.authorizerId();
				scopes = stringList(security.get(0), requirement.getKey());
			}
		}
		return new Route(ModelIds.derived(this.apiId + ":route:" + routeKey), routeKey,
				(integrationId != null) ? Route.TARGET_PREFIX + integrationId : null, authorization, authorizerId,
				(scopes != null && !scopes.isEmpty()) ? scopes : null, false, null, null, null, null,
				text(operation, "operationId"), false);
	}

	/** The integration of an operation, shared when several refer to the same reusable one; its id or null. */
	private @Nullable String integration(String routeKey, @Nullable JsonNode extension) {
		if (extension == null) {
			return null;
		}
		String id = ModelIds.derived(this.apiId + ":integration:"
				+ (extension.has("$ref") ? extension.get("$ref").asString() : routeKey));
		if (this.integrationsById.containsKey(id)) {
			return id;
		}
		JsonNode node = this.document.resolve(extension);
		String type = text(node, "type");
		IntegrationType integrationType = switch ((type != null) ? type.toLowerCase(Locale.ROOT) : "") {
			case "aws_proxy" -> IntegrationType.AWS_PROXY;
			case "http_proxy" -> IntegrationType.HTTP_PROXY;
			default -> null;
		};
		if (integrationType == null) {
			this.problems.warning("Unsupported integration type " + type + " for route " + routeKey
					+ ": HTTP APIs support aws_proxy and http_proxy. Ignoring.");
			return null;
		}
		Map<String, Map<String, String>> responseParameters = null;
		JsonNode responses = node.get("responseParameters");
		if (responses != null && responses.isObject()) {
			responseParameters = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> status : fields(responses)) {
				responseParameters.put(status.getKey(), stringMap(responses, status.getKey()));
			}
		}
		JsonNode timeout = node.get("timeoutInMillis");
		String serverName = text(node.path("tlsConfig"), "serverNameToVerify");
		this.integrationsById.put(id, new Integration(id, integrationType, text(node, "uri"),
				text(node, "httpMethod"), version(node.get("payloadFormatVersion")),
				(timeout != null && timeout.isNumber()) ? timeout.asInt() : null, text(node, "connectionType"),
				text(node, "connectionId"), text(node, "credentials"), text(node, "description"),
				stringMap(node, "requestParameters"), responseParameters, null, null, null, null, null,
				text(node, "integrationSubtype"), (serverName != null) ? new TlsConfig(serverName) : null, false));
		return id;
	}

	/** A payload format version written as a string or as a number ({@code 1.0}, {@code 2.0}). */
	private static @Nullable String version(@Nullable JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isNumber()) {
			return String.format(Locale.ROOT, "%.1f", value.asDouble());
		}
		return value.asString();
	}

}
