package io.tollgate.admin.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiKeySource;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Authorizer;
import io.tollgate.model.GatewayResponse;
import io.tollgate.model.HttpVerbs;
import io.tollgate.model.Integration;
import io.tollgate.model.Method;
import io.tollgate.model.MethodResponse;
import io.tollgate.model.Model;
import io.tollgate.model.ModelIds;
import io.tollgate.model.RequestValidator;
import io.tollgate.pipeline.GatewayResponseType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static io.tollgate.admin.openapi.OpenApiDocument.fields;
import static io.tollgate.admin.openapi.OpenApiDocument.stringList;
import static io.tollgate.admin.openapi.OpenApiDocument.stringMap;
import static io.tollgate.admin.openapi.OpenApiDocument.text;

/**
 * Reads a definition into an {@link ImportedApi} the way API Gateway's import does: paths become resources (with
 * the base path applied as the options say), operations methods, {@code x-amazon-apigateway-any-method} the
 * {@code ANY} method, and the {@code x-amazon-apigateway-*} extensions integrations, authorizers, validators,
 * gateway responses and the API's settings. Component ids are derived from the API id and the component's name.
 */
final class OpenApiReader {

	private static final List<String> VERBS = List.of("get", "put", "post", "delete", "options", "head", "patch");

	private final OpenApiDocument document;

	private final ImportOptions options;

	private final String apiId;

	private final ImportProblems problems;

	private final Map<String, Model> modelsByName = new LinkedHashMap<>();

	private final Map<String, RequestValidator> validatorsByName = new LinkedHashMap<>();

	private final SecuritySchemes security;

	private OpenApiReader(OpenApiDocument document, ImportOptions options, String apiId) {
		this.document = document;
		this.options = options;
		this.apiId = apiId;
		this.problems = document.problems().copy();
		this.security = SecuritySchemes.read(document, apiId, this.problems);
	}

	/** Reads a definition for the API with this id; the problems found are kept with the result. */
	static ImportedApi read(OpenApiDocument document, ImportOptions options, String apiId) {
		return new OpenApiReader(document, options, apiId).read();
	}

	private ImportedApi read() {
		JsonNode root = this.document.root();
		for (String extension : OpenApiExtensions.UNSUPPORTED) {
			if (root.has(extension)) {
				this.problems.warning("The extension " + extension + " is not supported. Ignoring.");
			}
		}
		readModels();
		readValidators();
		Map<String, GatewayResponse> gatewayResponses = readGatewayResponses();
		Map<String, Map<String, Method>> methodsByPath = readPaths();
		Map<String, Authorizer> authorizers = new LinkedHashMap<>();
		this.security.authorizers().values().forEach((authorizer) -> authorizers.put(authorizer.id(), authorizer));
		Map<String, RequestValidator> validators = new LinkedHashMap<>();
		this.validatorsByName.values().forEach((validator) -> validators.put(validator.id(), validator));
		Map<String, Model> models = new LinkedHashMap<>();
		this.modelsByName.values().forEach((model) -> models.put(model.id(), model));
		return new ImportedApi(readSettings(), methodsByPath,
				new ApiComponents(authorizers, validators, models, gatewayResponses), this.options, this.problems);
	}

	private ImportedApi.Settings readSettings() {
		JsonNode root = this.document.root();
		JsonNode info = root.path("info");
		ApiKeySource apiKeySource = null;
		String source = text(root, OpenApiExtensions.API_KEY_SOURCE);
		if (source != null) {
			try {
				apiKeySource = IntegrationExtension.enumValue(ApiKeySource.class, source, "API key source");
			}
			catch (ApiModelException ex) {
				this.problems.error(ex.getMessage());
			}
		}
		JsonNode policy = root.get(OpenApiExtensions.POLICY);
		// API Gateway's endpoint extension sits on the first server (OpenAPI 3) or on the document (Swagger).
		JsonNode endpoint = root.path("servers").path(0).get(OpenApiExtensions.ENDPOINT_CONFIGURATION);
		if (endpoint == null) {
			endpoint = root.path(OpenApiExtensions.ENDPOINT_CONFIGURATION);
		}
		return new ImportedApi.Settings(text(info, "title"), text(info, "description"), text(info, "version"),
				stringList(root, OpenApiExtensions.BINARY_MEDIA_TYPES), apiKeySource,
				(policy == null || policy.isNull()) ? null : policy.isString() ? policy.asString() : policy.toString(),
				stringList(endpoint, "vpcEndpointIds"));
	}

	private void readModels() {
		for (Map.Entry<String, JsonNode> entry : fields(this.document.root().path("components").path("schemas"))) {
			try {
				this.modelsByName.put(entry.getKey(), ModelSchemas.read(this.apiId, entry.getKey(), entry.getValue()));
			}
			catch (ApiModelException ex) {
				this.problems.error("Unable to create model for '" + entry.getKey() + "': " + ex.getMessage());
			}
		}
	}

	private void readValidators() {
		for (Map.Entry<String, JsonNode> entry : fields(
				this.document.root().path(OpenApiExtensions.REQUEST_VALIDATORS))) {
			JsonNode validator = entry.getValue();
			try {
				this.validatorsByName.put(entry.getKey(),
						new RequestValidator(ModelIds.derived(this.apiId + ":validator:" + entry.getKey()),
								entry.getKey(), validator.path("validateRequestBody").asBoolean(false),
								validator.path("validateRequestParameters").asBoolean(false)));
			}
			catch (ApiModelException ex) {
				this.problems.error("Unable to create request validator '" + entry.getKey() + "': " + ex.getMessage());
			}
		}
	}

	private Map<String, GatewayResponse> readGatewayResponses() {
		Map<String, GatewayResponse> responses = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : fields(
				this.document.root().path(OpenApiExtensions.GATEWAY_RESPONSES))) {
			String type = entry.getKey();
			try {
				IntegrationExtension.enumValue(GatewayResponseType.class, type, "gateway response type");
				JsonNode response = entry.getValue();
				responses.put(type.toUpperCase(Locale.ROOT),
						new GatewayResponse(type.toUpperCase(Locale.ROOT), text(response, "statusCode"),
								stringMap(response, "responseParameters"), stringMap(response, "responseTemplates"),
								false));
			}
			catch (ApiModelException ex) {
				this.problems.error("Unable to put gateway response '" + type + "': " + ex.getMessage());
			}
		}
		return responses;
	}

	private Map<String, Map<String, Method>> readPaths() {
		Map<String, Map<String, Method>> methodsByPath = new LinkedHashMap<>();
		String prefix = this.options.prefix(this.document.basePath(this.problems));
		for (Map.Entry<String, JsonNode> entry : fields(this.document.root().path("paths"))) {
			String declared = entry.getKey();
			if (!declared.startsWith("/")) {
				// swagger-parser reports it ("Resource x should start with /"); API Gateway skips it.
				this.problems.warning("Resource path " + declared + " does not start with '/'. Ignoring.");
				continue;
			}
			String path = normalize(prefix + declared);
			if (path == null) {
				this.problems.error("Unable to create resource at path '" + declared + "': empty path part");
				continue;
			}
			if (methodsByPath.containsKey(path)) {
				this.problems.error("Unable to create resource at path '" + declared
						+ "': another path of the definition names the same resource (" + path + ")");
				continue;
			}
			Map<String, Method> methods = new LinkedHashMap<>();
			methodsByPath.put(path, methods);
			JsonNode pathItem = this.document.resolve(entry.getValue());
			for (Map.Entry<String, JsonNode> operation : fields(pathItem)) {
				String verb = verb(operation.getKey(), path);
				if (verb != null) {
					Method method = readMethod(path, verb, this.document.resolve(operation.getValue()),
							pathItem.path("parameters"));
					if (method != null) {
						methods.put(verb, method);
					}
				}
			}
		}
		return methodsByPath;
	}

	private @Nullable String verb(String field, String path) {
		if (field.equals(OpenApiExtensions.ANY_METHOD)) {
			return HttpVerbs.ANY;
		}
		if (VERBS.contains(field)) {
			return field.toUpperCase(Locale.ROOT);
		}
		if (field.equals("trace")) {
			this.problems.warning("Unsupported HTTP method 'TRACE' on path '" + path + "'. Ignoring.");
		}
		return null;
	}

	private @Nullable Method readMethod(String path, String verb, JsonNode operation, JsonNode pathParameters) {
		String where = verb + " " + path;
		Map<String, Boolean> requestParameters = new LinkedHashMap<>();
		Map<String, String> requestModels = new LinkedHashMap<>();
		List<JsonNode> parameters = new ArrayList<>();
		pathParameters.values().forEach((parameter) -> parameters.add(this.document.resolve(parameter)));
		operation.path("parameters").values().forEach((parameter) -> parameters.add(this.document.resolve(parameter)));
		for (JsonNode parameter : parameters) {
			readParameter(parameter, operation, where, requestParameters, requestModels);
		}
		JsonNode body = this.document.resolve(operation.path("requestBody"));
		for (Map.Entry<String, JsonNode> content : fields(body.path("content"))) {
			String model = model(content.getValue().path("schema"), "request body of method '" + where + "'");
			if (model != null) {
				requestModels.put(content.getKey(), model);
			}
		}
		Map<String, MethodResponse> responses = readResponses(operation, where);
		JsonNode requirements = operation.has("security") ? operation.get("security")
				: this.document.root().get("security");
		SecuritySchemes.MethodSecurity security = this.security.secure(requirements, where, this.problems);
		AuthorizationType authorizationType = security.authorizationType();
		String authorizerId = security.authorizerId();
		String auth = text(operation.path(OpenApiExtensions.AUTH), "type");
		if (auth != null) {
			// x-amazon-apigateway-auth overrides the security requirements.
			authorizationType = auth.equalsIgnoreCase("AWS_IAM") ? AuthorizationType.AWS_IAM : AuthorizationType.NONE;
			authorizerId = null;
		}
		String validatorName = text(operation, OpenApiExtensions.REQUEST_VALIDATOR);
		if (validatorName == null) {
			validatorName = text(this.document.root(), OpenApiExtensions.REQUEST_VALIDATOR);
		}
		String validatorId = null;
		if (validatorName != null) {
			RequestValidator validator = this.validatorsByName.get(validatorName);
			if (validator == null) {
				this.problems.error("Unable to put method '" + verb + "' on resource at path '" + path
						+ "': Invalid Request Validator identifier specified: " + validatorName);
				return null;
			}
			validatorId = validator.id();
		}
		Integration integration = null;
		JsonNode extension = operation.get(OpenApiExtensions.INTEGRATION);
		if (extension != null && !extension.isNull()) {
			try {
				integration = IntegrationExtension.read(extension,
						(warning) -> this.problems.warning(warning + " (method '" + where + "')"));
			}
			catch (ApiModelException ex) {
				this.problems.error("Unable to put integration on '" + verb + "' for resource at path '" + path
						+ "': " + ex.getMessage());
				return null;
			}
		}
		try {
			return new Method(verb, authorizationType, authorizerId, security.apiKeyRequired(),
					text(operation, "operationId"), validatorId, requestParameters, requestModels,
					security.authorizationScopes(), responses, integration);
		}
		catch (ApiModelException ex) {
			this.problems.error(
					"Unable to put method '" + verb + "' on resource at path '" + path + "': " + ex.getMessage());
			return null;
		}
	}

	private void readParameter(JsonNode parameter, JsonNode operation, String where,
			Map<String, Boolean> requestParameters, Map<String, String> requestModels) {
		String name = text(parameter, "name");
		String in = text(parameter, "in");
		if (name == null || in == null) {
			return;
		}
		boolean required = parameter.path("required").asBoolean(false);
		switch (in) {
			case "path" -> requestParameters.put("method.request.path." + name, true);
			case "query" -> requestParameters.put("method.request.querystring." + name, required);
			case "header" -> requestParameters.put("method.request.header." + name, required);
			case "body" -> {
				// A Swagger 2 body parameter, left as written inside x-amazon-apigateway-any-method.
				String model = model(parameter.path("schema"), "request body of method '" + where + "'");
				List<String> consumes = stringList(operation, "consumes");
				if (model != null) {
					for (String type : (consumes != null) ? consumes : List.of(ModelSchemas.CONTENT_TYPE)) {
						requestModels.put(type, model);
					}
				}
			}
			default -> this.problems
				.warning("Unsupported parameter location '" + in + "' of '" + name + "' in method '" + where
						+ "'. Ignoring.");
		}
	}

	private Map<String, MethodResponse> readResponses(JsonNode operation, String where) {
		Map<String, MethodResponse> responses = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : fields(operation.path("responses"))) {
			String status = entry.getKey();
			if (!status.matches("[1-5]\\d\\d")) {
				// API Gateway's method responses are by status code; 'default' has none.
				continue;
			}
			JsonNode response = this.document.resolve(entry.getValue());
			Map<String, Boolean> headers = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> header : fields(response.path("headers"))) {
				headers.put("method.response.header." + header.getKey(),
						this.document.resolve(header.getValue()).path("required").asBoolean(false));
			}
			Map<String, String> models = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> content : fields(response.path("content"))) {
				String model = model(content.getValue().path("schema"), status + " response to method '" + where + "'");
				if (model != null) {
					models.put(content.getKey(), model);
				}
			}
			JsonNode swaggerSchema = response.path("schema");
			if (swaggerSchema.isObject()) {
				String model = model(swaggerSchema, status + " response to method '" + where + "'");
				List<String> produces = stringList(operation, "produces");
				if (model != null) {
					for (String type : (produces != null) ? produces : List.of(ModelSchemas.CONTENT_TYPE)) {
						models.put(type, model);
					}
				}
			}
			responses.put(status, new MethodResponse(status, headers, models));
		}
		return responses;
	}

	/** The model a payload's schema refers to; an inline schema or an unknown model is ignored with a warning. */
	private @Nullable String model(JsonNode schema, String where) {
		if (!schema.isObject()) {
			return null;
		}
		String name = ModelSchemas.referencedModel(schema);
		if (name == null) {
			this.problems.warning("Unsupported inline schema in " + where + ". Ignoring.");
			return null;
		}
		if (!this.modelsByName.containsKey(name)) {
			this.problems.warning("Reference to model '" + name + "' not found. Ignoring.");
			return null;
		}
		return name;
	}

	/** The path without a trailing slash; {@code null} when it has an empty part. */
	private static @Nullable String normalize(String path) {
		String trimmed = (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
		return trimmed.contains("//") ? null : trimmed;
	}

}
