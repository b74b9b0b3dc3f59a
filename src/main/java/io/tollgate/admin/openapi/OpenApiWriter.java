package io.tollgate.admin.openapi;

import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Authorizer;
import io.tollgate.model.Deployment;
import io.tollgate.model.GatewayResponse;
import io.tollgate.model.HttpVerbs;
import io.tollgate.model.Method;
import io.tollgate.model.MethodResponse;
import io.tollgate.model.Model;
import io.tollgate.model.RequestValidator;
import io.tollgate.model.Resource;
import io.tollgate.model.RestApi;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static io.tollgate.admin.openapi.IntegrationExtension.putIfPresent;
import static io.tollgate.admin.openapi.IntegrationExtension.putMap;

/**
 * Writes a stage's deployment as {@code GetExport} does: an OpenAPI 3.0 or Swagger 2.0 document of the deployed
 * resources, methods and models, served at the stage's invoke URL, with the {@code x-amazon-apigateway-*}
 * extensions the export asks for. Importing the document again gives the same resources, methods and
 * integrations.
 */
final class OpenApiWriter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final ExportOptions options;

	private final String region;

	OpenApiWriter(ExportOptions options, String region) {
		this.options = options;
		this.region = region;
	}

	/** The version an export carries: the API's own (such as {@code 1.0.0}), else when it was deployed. */
	static String version(Deployment deployment) {
		return (deployment.api().version() != null) ? deployment.api().version()
				: deployment.createdDate().truncatedTo(ChronoUnit.SECONDS).toString();
	}

	ObjectNode write(String apiId, String stageName, Deployment deployment) {
		boolean oas = this.options.type() == ExportOptions.Type.OAS30;
		RestApi api = deployment.api();
		ApiComponents components = deployment.components();
		ObjectNode document = NODES.objectNode();
		document.put(oas ? "openapi" : "swagger", oas ? "3.0.1" : "2.0");
		ObjectNode info = document.putObject("info");
		info.put("title", api.name());
		putIfPresent(info, "description", api.description());
		info.put("version", version(deployment));
		String host = apiId + ".execute-api." + this.region + ".amazonaws.com";
		ObjectNode endpoint = null;
		if (this.options.apigateway() && !api.endpointConfiguration().vpcEndpointIds().isEmpty()) {
			endpoint = NODES.objectNode();
			api.endpointConfiguration().vpcEndpointIds().forEach(endpoint.putArray("vpcEndpointIds")::add);
		}
		if (oas) {
			ObjectNode server = document.putArray("servers").addObject();
			server.put("url", "https://" + host + "/{basePath}");
			server.putObject("variables").putObject("basePath").put("default", stageName);
			if (endpoint != null) {
				server.set(OpenApiExtensions.ENDPOINT_CONFIGURATION, endpoint);
			}
		}
		else {
			document.put("host", host);
			document.put("basePath", "/" + stageName);
			document.putArray("schemes").add("https");
		}
		Set<String> schemesUsed = new LinkedHashSet<>();
		ObjectNode paths = document.putObject("paths");
		List<Resource> resources = deployment.resources()
			.stream()
			.sorted(Comparator.comparing(Resource::path))
			.toList();
		for (Resource resource : resources) {
			boolean hasChildren = resources.stream().anyMatch((other) -> resource.id().equals(other.parentId()));
			if (resource.resourceMethods().isEmpty() && (hasChildren || resource.parentId() == null)) {
				// Parents appear through their children's paths; only a leaf without methods needs its own entry.
				continue;
			}
			ObjectNode pathItem = paths.putObject(resource.path());
			for (Method method : resource.resourceMethods().values()) {
				String key = method.httpMethod().equals(HttpVerbs.ANY) ? OpenApiExtensions.ANY_METHOD
						: method.httpMethod().toLowerCase(Locale.ROOT);
				pathItem.set(key, operation(method, components, oas, schemesUsed));
			}
		}
		String localPrefix = oas ? "#/components/schemas/" : "#/definitions/";
		ObjectNode schemas = NODES.objectNode();
		components.models()
			.values()
			.stream()
			.sorted(Comparator.comparing(Model::name))
			.forEach((model) -> schemas.set(model.name(), ModelSchemas.write(model, localPrefix)));
		ObjectNode securitySchemes = securitySchemes(components, schemesUsed);
		if (oas) {
			ObjectNode container = document.putObject("components");
			if (!schemas.isEmpty()) {
				container.set("schemas", schemas);
			}
			if (!securitySchemes.isEmpty()) {
				container.set("securitySchemes", securitySchemes);
			}
		}
		else {
			if (!securitySchemes.isEmpty()) {
				document.set("securityDefinitions", securitySchemes);
			}
			if (!schemas.isEmpty()) {
				document.set("definitions", schemas);
			}
		}
		if (this.options.apigateway()) {
			writeApiExtensions(document, api, components, endpoint, oas);
		}
		return document;
	}

	private ObjectNode operation(Method method, ApiComponents components, boolean oas, Set<String> schemesUsed) {
		ObjectNode operation = NODES.objectNode();
		putIfPresent(operation, "operationId", method.operationName());
		if (!oas) {
			Set<String> consumes = new LinkedHashSet<>(method.requestModels().keySet());
			Set<String> produces = new LinkedHashSet<>();
			method.methodResponses()
				.values()
				.forEach((response) -> produces.addAll(response.responseModels().keySet()));
			if (!consumes.isEmpty()) {
				consumes.forEach(operation.putArray("consumes")::add);
			}
			if (!produces.isEmpty()) {
				produces.forEach(operation.putArray("produces")::add);
			}
		}
		ArrayNode parameters = NODES.arrayNode();
		method.requestParameters().forEach((expression, required) -> {
			String[] parts = expression.split("\\.", 4);
			if (parts.length < 4 || !parts[0].equals("method") || !parts[1].equals("request")) {
				return;
			}
			String in = switch (parts[2]) {
				case "path" -> "path";
				case "querystring", "multivaluequerystring" -> "query";
				case "header", "multivalueheader" -> "header";
				default -> null;
			};
			if (in == null) {
				return;
			}
			ObjectNode parameter = parameters.addObject();
			parameter.put("name", parts[3]);
			parameter.put("in", in);
			parameter.put("required", in.equals("path") || Boolean.TRUE.equals(required));
			if (oas) {
				parameter.putObject("schema").put("type", "string");
			}
			else {
				parameter.put("type", "string");
			}
		});
		if (!method.requestModels().isEmpty()) {
			if (oas) {
				ObjectNode body = operation.putObject("requestBody");
				ObjectNode content = body.putObject("content");
				method.requestModels()
					.forEach((type, model) -> content.putObject(type)
						.putObject("schema")
						.put("$ref", "#/components/schemas/" + model));
				body.put("required", true);
			}
			else {
				String model = method.requestModels().values().iterator().next();
				ObjectNode body = parameters.addObject();
				body.put("in", "body");
				body.put("name", model);
				body.put("required", true);
				body.putObject("schema").put("$ref", "#/definitions/" + model);
			}
		}
		if (!parameters.isEmpty()) {
			operation.set("parameters", parameters);
		}
		ObjectNode responses = operation.putObject("responses");
		for (MethodResponse response : method.methodResponses().values()) {
			responses.set(response.statusCode(), response(response, oas));
		}
		ObjectNode requirement = NODES.objectNode();
		if (method.apiKeyRequired()) {
			requirement.putArray(OpenApiExtensions.API_KEY_SCHEME);
			schemesUsed.add(OpenApiExtensions.API_KEY_SCHEME);
		}
		if (method.authorizationType() == AuthorizationType.AWS_IAM) {
			requirement.putArray(OpenApiExtensions.SIGV4_SCHEME);
			schemesUsed.add(OpenApiExtensions.SIGV4_SCHEME);
		}
		Authorizer authorizer = (method.authorizerId() != null) ? components.authorizers().get(method.authorizerId())
				: null;
		if (authorizer != null && (method.authorizationType() == AuthorizationType.CUSTOM
				|| method.authorizationType() == AuthorizationType.COGNITO_USER_POOLS)) {
			method.authorizationScopes().forEach(requirement.putArray(authorizer.name())::add);
		}
		if (!requirement.isEmpty()) {
			operation.putArray("security").add(requirement);
		}
		if (this.options.apigateway() && method.requestValidatorId() != null) {
			RequestValidator validator = components.requestValidators().get(method.requestValidatorId());
			if (validator != null) {
				operation.put(OpenApiExtensions.REQUEST_VALIDATOR, validator.name());
			}
		}
		if (this.options.integrations() && method.methodIntegration() != null) {
			operation.set(OpenApiExtensions.INTEGRATION, IntegrationExtension.write(method.methodIntegration()));
		}
		return operation;
	}

	private static ObjectNode response(MethodResponse response, boolean oas) {
		ObjectNode written = NODES.objectNode();
		written.put("description", response.statusCode() + " response");
		ObjectNode headers = NODES.objectNode();
		response.responseParameters().forEach((expression, required) -> {
			String prefix = "method.response.header.";
			if (expression.startsWith(prefix)) {
				ObjectNode header = headers.putObject(expression.substring(prefix.length()));
				if (oas) {
					if (Boolean.TRUE.equals(required)) {
						header.put("required", true);
					}
					header.putObject("schema").put("type", "string");
				}
				else {
					header.put("type", "string");
				}
			}
		});
		if (!headers.isEmpty()) {
			written.set("headers", headers);
		}
		if (oas && response.responseModels().isEmpty()) {
			// AWS writes a response without models with an empty content.
			written.putObject("content");
		}
		if (!response.responseModels().isEmpty()) {
			if (oas) {
				ObjectNode content = written.putObject("content");
				response.responseModels()
					.forEach((type, model) -> content.putObject(type)
						.putObject("schema")
						.put("$ref", "#/components/schemas/" + model));
			}
			else {
				written.putObject("schema")
					.put("$ref", "#/definitions/" + response.responseModels().values().iterator().next());
			}
		}
		return written;
	}

	private ObjectNode securitySchemes(ApiComponents components, Set<String> schemesUsed) {
		ObjectNode schemes = NODES.objectNode();
		if (schemesUsed.contains(OpenApiExtensions.API_KEY_SCHEME)) {
			schemes.set(OpenApiExtensions.API_KEY_SCHEME, SecuritySchemes.writeApiKey());
		}
		if (schemesUsed.contains(OpenApiExtensions.SIGV4_SCHEME)) {
			schemes.set(OpenApiExtensions.SIGV4_SCHEME, SecuritySchemes.writeSigv4(this.options.authorizers()));
		}
		components.authorizers()
			.values()
			.forEach((authorizer) -> schemes.set(authorizer.name(),
					SecuritySchemes.writeAuthorizer(authorizer, this.options.authorizers())));
		return schemes;
	}

	private static void writeApiExtensions(ObjectNode document, RestApi api, ApiComponents components,
			@Nullable ObjectNode endpoint, boolean oas) {
		document.put(OpenApiExtensions.API_KEY_SOURCE, api.apiKeySource().name());
		if (!api.binaryMediaTypes().isEmpty()) {
			api.binaryMediaTypes().forEach(document.putArray(OpenApiExtensions.BINARY_MEDIA_TYPES)::add);
		}
		if (api.policy() != null) {
			document.set(OpenApiExtensions.POLICY, policy(api.policy()));
		}
		if (!components.requestValidators().isEmpty()) {
			ObjectNode validators = document.putObject(OpenApiExtensions.REQUEST_VALIDATORS);
			for (RequestValidator validator : components.requestValidators().values()) {
				ObjectNode written = validators.putObject(validator.name());
				written.put("validateRequestBody", validator.validateRequestBody());
				written.put("validateRequestParameters", validator.validateRequestParameters());
			}
		}
		if (!components.gatewayResponses().isEmpty()) {
			ObjectNode responses = document.putObject(OpenApiExtensions.GATEWAY_RESPONSES);
			for (GatewayResponse response : components.gatewayResponses().values()) {
				ObjectNode written = responses.putObject(response.responseType());
				putIfPresent(written, "statusCode", response.statusCode());
				putMap(written, "responseParameters", response.responseParameters());
				putMap(written, "responseTemplates", response.responseTemplates());
			}
		}
		if (endpoint != null && !oas) {
			document.set(OpenApiExtensions.ENDPOINT_CONFIGURATION, endpoint);
		}
	}

	/** A resource policy as the JSON object it is, or as text when it is not JSON. */
	private static JsonNode policy(String policy) {
		try {
			return JSON.readTree(policy);
		}
		catch (JacksonException ex) {
			return NODES.stringNode(policy);
		}
	}

}
