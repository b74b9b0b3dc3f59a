package io.tollgate.admin.openapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiKeySource;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Authorizer;
import io.tollgate.model.EndpointConfiguration;
import io.tollgate.model.GatewayResponse;
import io.tollgate.model.Method;
import io.tollgate.model.Model;
import io.tollgate.model.RequestValidator;
import io.tollgate.model.Resource;
import io.tollgate.model.ResourceTree;
import io.tollgate.model.RestApi;
import org.jspecify.annotations.Nullable;

/**
 * What a definition declares, read and checked but not yet applied: the API's settings, its methods by resource
 * path, and its authorizers, request validators, models and gateway responses. Applying it creates an API
 * ({@code ImportRestApi}) or merges into or overwrites one ({@code PutRestApi}); deployments and stages are never
 * touched.
 */
final class ImportedApi {

	private final Settings settings;

	private final Map<String, Map<String, Method>> methodsByPath;

	private final ApiComponents components;

	private final ImportOptions options;

	private final ImportProblems problems;

	/** The API's own settings as the definition declares them; {@code null} where it declares nothing. */
	record Settings(@Nullable String title, @Nullable String description, @Nullable String version,
			@Nullable List<String> binaryMediaTypes, @Nullable ApiKeySource apiKeySource, @Nullable String policy,
			@Nullable List<String> vpcEndpointIds) {
	}

	ImportedApi(Settings settings, Map<String, Map<String, Method>> methodsByPath, ApiComponents components,
			ImportOptions options, ImportProblems problems) {
		this.settings = settings;
		this.methodsByPath = methodsByPath;
		this.components = components;
		this.options = options;
		this.problems = problems;
	}

	Settings settings() {
		return this.settings;
	}

	/** The methods by normalized resource path (base path applied); a path without methods maps to none. */
	Map<String, Map<String, Method>> methodsByPath() {
		return this.methodsByPath;
	}

	ApiComponents components() {
		return this.components;
	}

	List<String> warnings() {
		return this.problems.warnings();
	}

	/**
	 * A new API with this id.
	 * @throws ApiModelException.BadRequest listing the errors (and warnings) when the import fails
	 */
	ApiDefinition create(String apiId) {
		String name = this.settings.title();
		if (name == null || name.isBlank()) {
			ImportProblems attempt = this.problems.copy();
			attempt.error("Invalid REST API name specified: the definition has no info.title");
			attempt.throwIfFailed(this.options.failOnWarnings());
		}
		return applyTo(ApiDefinition.create(RestApi.named(apiId, Objects.requireNonNull(name))));
	}

	/**
	 * This definition applied to an API: merged ({@link ImportOptions.Mode#MERGE}) or replacing its resources,
	 * methods and components.
	 * @throws ApiModelException.BadRequest listing the errors (and warnings) when the import fails; nothing is
	 * applied then
	 */
	ApiDefinition applyTo(ApiDefinition current) {
		ImportProblems attempt = this.problems.copy();
		boolean merge = this.options.mode() == ImportOptions.Mode.MERGE;
		Map<String, String> changedIds = new HashMap<>();
		ApiComponents merged = merge ? merge(current.components(), changedIds) : this.components;
		Map<String, String> knownIds = new HashMap<>();
		current.resources().forEach((resource) -> knownIds.put(resource.path(), resource.id()));
		// One tree edited for every path, one definition made of it: linear in the paths.
		ResourceTree tree = ResourceTree.of(current.id(),
				merge ? current.resources() : List.of(Resource.root(current.rootResource().id())));
		List<String> paths = new ArrayList<>(this.methodsByPath.keySet());
		paths.sort(Comparator.comparingLong((String path) -> path.chars().filter((c) -> c == '/').count()));
		for (String path : paths) {
			Resource resource;
			try {
				resource = tree.ensure(path, knownIds);
			}
			catch (ApiModelException ex) {
				attempt.error("Unable to create resource at path '" + path + "': " + ex.getMessage());
				continue;
			}
			for (Method method : this.methodsByPath.get(path).values()) {
				tree.putMethod(resource.id(), withIds(method, changedIds));
			}
		}
		attempt.throwIfFailed(this.options.failOnWarnings());
		return current.withResources(tree.resources())
			.withRestApi(settings(current.restApi(), merge))
			.withComponents(merged)
			.withVersion(current.version() + 1);
	}

	/** The API's components with the definition's added; a same-named component keeps its id. */
	private ApiComponents merge(ApiComponents current, Map<String, String> changedIds) {
		return new ApiComponents(
				mergeByName(current.authorizers(), this.components.authorizers(), Authorizer::name, changedIds,
						(authorizer, id) -> new Authorizer(id, authorizer.name(), authorizer.type(),
								authorizer.providerARNs(), authorizer.authType(), authorizer.authorizerUri(),
								authorizer.authorizerCredentials(), authorizer.identitySource(),
								authorizer.identityValidationExpression(),
								authorizer.authorizerResultTtlInSeconds())),
				mergeByName(current.requestValidators(), this.components.requestValidators(),
						RequestValidator::name, changedIds,
						(validator, id) -> new RequestValidator(id, validator.name(), validator.validateRequestBody(),
								validator.validateRequestParameters())),
				mergeByName(current.models(), this.components.models(), Model::name, changedIds,
						(model, id) -> new Model(id, model.name(), model.description(), model.schema(),
								model.contentType())),
				mergeGatewayResponses(current.gatewayResponses()));
	}

	private static <T> Map<String, T> mergeByName(Map<String, T> current, Map<String, T> imported,
			Function<T, String> name, Map<String, String> changedIds,
			BiFunction<T, String, T> withId) {
		Map<String, T> merged = new LinkedHashMap<>(current);
		imported.forEach((id, component) -> {
			String existingId = current.entrySet()
				.stream()
				.filter((entry) -> name.apply(entry.getValue()).equals(name.apply(component)))
				.map(Map.Entry::getKey)
				.findFirst()
				.orElse(null);
			if (existingId != null && !existingId.equals(id)) {
				changedIds.put(id, existingId);
				merged.put(existingId, withId.apply(component, existingId));
			}
			else {
				merged.put(id, component);
			}
		});
		return merged;
	}

	private Map<String, GatewayResponse> mergeGatewayResponses(Map<String, GatewayResponse> current) {
		Map<String, GatewayResponse> merged = new LinkedHashMap<>(current);
		merged.putAll(this.components.gatewayResponses());
		return merged;
	}

	private static Method withIds(Method method, Map<String, String> changedIds) {
		String authorizerId = (method.authorizerId() != null)
				? changedIds.getOrDefault(method.authorizerId(), method.authorizerId()) : null;
		String validatorId = (method.requestValidatorId() != null)
				? changedIds.getOrDefault(method.requestValidatorId(), method.requestValidatorId()) : null;
		if (Objects.equals(authorizerId, method.authorizerId())
				&& Objects.equals(validatorId, method.requestValidatorId())) {
			return method;
		}
		return new Method(method.httpMethod(), method.authorizationType(), authorizerId, method.apiKeyRequired(),
				method.operationName(), validatorId, method.requestParameters(), method.requestModels(),
				method.authorizationScopes(), method.methodResponses(), method.methodIntegration());
	}

	/**
	 * The API's settings after the import: an overwrite takes the definition's (keeping the name when it has no
	 * title), a merge only those the definition declares. Endpoint types come from the request's parameters.
	 */
	private RestApi settings(RestApi current, boolean merge) {
		Settings declared = this.settings;
		String name = (declared.title() != null && !declared.title().isBlank()) ? declared.title() : current.name();
		String description = (merge && declared.description() == null) ? current.description()
				: declared.description();
		List<String> binaryMediaTypes;
		if (declared.binaryMediaTypes() == null) {
			binaryMediaTypes = merge ? current.binaryMediaTypes() : List.of();
		}
		else if (merge) {
			LinkedHashSet<String> union = new LinkedHashSet<>(current.binaryMediaTypes());
			union.addAll(declared.binaryMediaTypes());
			binaryMediaTypes = List.copyOf(union);
		}
		else {
			binaryMediaTypes = declared.binaryMediaTypes();
		}
		ApiKeySource apiKeySource = (declared.apiKeySource() != null) ? declared.apiKeySource()
				: merge ? current.apiKeySource() : null;
		String policy = (merge && declared.policy() == null) ? current.policy() : declared.policy();
		EndpointConfiguration endpoint = (this.options.endpointConfigurationTypes() != null)
				? new EndpointConfiguration(this.options.endpointConfigurationTypes(),
						(declared.vpcEndpointIds() != null) ? declared.vpcEndpointIds()
								: current.endpointConfiguration().vpcEndpointIds())
				: new EndpointConfiguration(current.endpointConfiguration().types(),
						(declared.vpcEndpointIds() != null) ? declared.vpcEndpointIds()
								: current.endpointConfiguration().vpcEndpointIds(),
						current.endpointConfiguration().ipAddressType());
		String version = (merge && declared.version() == null) ? current.version() : declared.version();
		return new RestApi(current.id(), name, description, current.createdDate(), binaryMediaTypes, apiKeySource,
				endpoint, policy, current.tags(), current.minimumCompressionSize(), version,
				current.disableExecuteApiEndpoint());
	}

}
