package io.tollgate.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiKeySource;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.EndpointConfiguration;
import io.tollgate.model.ModelIds;
import io.tollgate.model.RestApi;
import io.tollgate.policy.PolicyDocument;
import io.tollgate.policy.PolicyException;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/** CreateRestApi, GetRestApi(s), UpdateRestApi and DeleteRestApi. */
public final class RestApiHandler implements AdminRoutes {

	private final ApiStore store;

	public RestApiHandler(ApiStore store) {
		this.store = store;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			// With ?mode=import the same path is ImportRestApi, served by the OpenAPI handler.
			.POST("/restapis", (request) -> request.queryParam("mode").isEmpty(), this::create)
			.GET("/restapis", this::list)
			.GET("/restapis/{restApiId}", this::get)
			.PATCH("/restapis/{restApiId}", this::update)
			.DELETE("/restapis/{restApiId}", this::delete)
			.build();
	}

	/** The body of CreateRestApi; members AWS added since (such as {@code securityPolicy}) are ignored. */
	record CreateRestApiRequest(String name, @Nullable String description, @Nullable String version,
			@Nullable String cloneFrom, @Nullable List<String> binaryMediaTypes,
			@Nullable Integer minimumCompressionSize, @Nullable ApiKeySource apiKeySource,
			@Nullable EndpointConfigurationRequest endpointConfiguration, @Nullable String policy,
			@Nullable Map<String, String> tags, @Nullable Boolean disableExecuteApiEndpoint) {
	}

	/** An endpoint configuration as a request gives it: an absent list of types differs from an empty one. */
	record EndpointConfigurationRequest(@Nullable List<String> types, @Nullable String ipAddressType,
			@Nullable List<String> vpcEndpointIds) {
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return AdminJson.read(request, CreateRestApiRequest.class).flatMap((body) -> {
			if (body.name() == null || body.name().isBlank()) {
				throw ApiModelException.badRequest("Invalid REST API name specified");
			}
			if (body.description() != null && body.description().isEmpty()) {
				throw ApiModelException.badRequest("Description cannot be an empty string");
			}
			RestApi api = new RestApi(ModelIds.random(), body.name(), body.description(), Instant.now(),
					body.binaryMediaTypes(), body.apiKeySource(), endpointConfiguration(body.endpointConfiguration()),
					checkedPolicy(body.policy()), body.tags(), body.minimumCompressionSize(), body.version(),
					Boolean.TRUE.equals(body.disableExecuteApiEndpoint()));
			// AWS gives every new API the models Empty and Error.
			ApiDefinition created = ApiDefinition.create(api)
				.withComponents(new ApiComponents(null, null, Models.defaults(api.id()), null));
			return this.store.save(created, ApiStore.ABSENT);
		}).flatMap((saved) -> AdminJson.created(RestApiRepresentation.of(saved)));
	}

	/** The configuration a CreateRestApi asks for, checked as AWS checks it; EDGE when it asks for none. */
	private static @Nullable EndpointConfiguration endpointConfiguration(
			@Nullable EndpointConfigurationRequest requested) {
		if (requested == null) {
			return null;
		}
		ValidationErrors errors = new ValidationErrors();
		List<String> types = requested.types();
		String ipAddressType = requested.ipAddressType();
		if (types != null && !EndpointConfiguration.TYPES.containsAll(types)) {
			errors.add(String.valueOf(types), "createRestApiInput.endpointConfiguration.types",
					"Member must satisfy constraint: [" + ValidationErrors.enumConstraint(EndpointConfiguration.TYPES)
							+ "]");
		}
		if (ipAddressType != null && !EndpointConfiguration.IP_ADDRESS_TYPES.contains(ipAddressType)) {
			errors.addEnumValue(ipAddressType, "createRestApiInput.endpointConfiguration.ipAddressType",
					EndpointConfiguration.IP_ADDRESS_TYPES);
		}
		errors.throwIfAny();
		if (types == null) {
			types = EndpointConfiguration.edge().types();
		}
		if (types.isEmpty()) {
			throw ApiModelException.badRequest("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.");
		}
		if (types.size() > 1) {
			throw ApiModelException.badRequest("Cannot create an api with multiple Endpoint Types.");
		}
		return checked(new EndpointConfiguration(types, requested.vpcEndpointIds(), ipAddressType));
	}

	private static EndpointConfiguration checked(EndpointConfiguration configuration) {
		if (configuration.types().contains(EndpointConfiguration.PRIVATE)
				&& !EndpointConfiguration.DUALSTACK.equals(configuration.ipAddressType())) {
			throw ApiModelException.badRequest("Only dualstack ipAddressType is supported for Private APIs.");
		}
		return configuration;
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return this.store.findAll()
			.map(RestApiRepresentation::of)
			.collectList()
			.flatMap((apis) -> AdminJson.ok(Map.of("item", apis)));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return AdminApis.require(this.store, request).flatMap((api) -> AdminJson.ok(RestApiRepresentation.of(api)));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> AdminApis.update(this.store, request,
					(api) -> api.withRestApi(patched(api.restApi(), patch))))
			.flatMap((api) -> {
				ObjectNode body = RestApiRepresentation.of(api);
				// UpdateRestApi's answer carries the tags even when there are none.
				if (!body.has("tags")) {
					body.putObject("tags");
				}
				return AdminJson.ok(body);
			});
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		String apiId = request.pathVariable("restApiId");
		return this.store.delete(apiId).flatMap((deleted) -> deleted ? AdminJson.accepted()
				: Mono.error(ApiModelException.notFound("Invalid API identifier specified")));
	}

	/** A patch value for minimumCompressionSize: empty disables compression, as in AWS. */
	private static @Nullable Integer compressionSize(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return Integer.valueOf(value);
		}
		catch (NumberFormatException ex) {
			throw ApiModelException.badRequest("Invalid minimum compression size, must be between 0 and "
					+ RestApi.MAX_MINIMUM_COMPRESSION_SIZE);
		}
	}

	private static RestApi patched(RestApi api, PatchRequest patch) {
		String name = api.name();
		String description = api.description();
		List<String> binaryMediaTypes = new ArrayList<>(api.binaryMediaTypes());
		ApiKeySource apiKeySource = api.apiKeySource();
		String policy = api.policy();
		Integer minimumCompressionSize = api.minimumCompressionSize();
		List<String> endpointTypes = api.endpointConfiguration().types();
		String ipAddressType = api.endpointConfiguration().ipAddressType();
		boolean disableExecuteApiEndpoint = api.disableExecuteApiEndpoint();
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			List<String> path = operation.segments();
			switch (path.get(0)) {
				case "name" -> name = operation.requireValue();
				case "description" -> description = operation.op().equals("remove") ? null : operation.value();
				case "apiKeySource" -> apiKeySource = apiKeySource(operation.requireValue());
				case "policy" -> policy = operation.op().equals("remove") ? null : operation.value();
				case "minimumCompressionSize" -> {
					requireReplace(operation);
					minimumCompressionSize = compressionSize(operation.value());
				}
				case "disableExecuteApiEndpoint" -> {
					requireReplace(operation);
					disableExecuteApiEndpoint = StageMethodSettings.bool(operation.requireValue());
				}
				case "binaryMediaTypes" -> {
					if (path.size() != 2) {
						throw ApiModelException.badRequest("Invalid patch path " + operation.path());
					}
					switch (operation.op()) {
						case "add" -> {
							if (!binaryMediaTypes.contains(path.get(1))) {
								binaryMediaTypes.add(path.get(1));
							}
						}
						case "remove" -> binaryMediaTypes.remove(path.get(1));
						// As on AWS: the old type goes, the new one comes last.
						case "replace" -> {
							binaryMediaTypes.remove(path.get(1));
							String replacement = operation.requireValue();
							if (!binaryMediaTypes.contains(replacement)) {
								binaryMediaTypes.add(replacement);
							}
						}
						default -> throw operation.unsupported();
					}
				}
				case "endpointConfiguration" -> {
					if (path.size() == 3 && path.get(1).equals("types") && operation.op().equals("replace")) {
						String type = operation.requireValue();
						if (!EndpointConfiguration.TYPES.contains(type)) {
							throw ApiModelException.badRequest(
									"Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE");
						}
						endpointTypes = List.of(type);
						if (type.equals(EndpointConfiguration.PRIVATE)) {
							ipAddressType = EndpointConfiguration.DUALSTACK;
						}
					}
					else if (path.size() == 2 && path.get(1).equals("ipAddressType")) {
						requireReplace(operation);
						ipAddressType = operation.requireValue();
						if (!EndpointConfiguration.IP_ADDRESS_TYPES.contains(ipAddressType)) {
							throw ApiModelException.badRequest("ipAddressType must be either ipv4 or dualstack.");
						}
					}
					else {
						throw operation.unsupported();
					}
				}
				default -> throw operation.unsupported();
			}
		}
		EndpointConfiguration endpoint = checked(
				new EndpointConfiguration(endpointTypes, api.endpointConfiguration().vpcEndpointIds(), ipAddressType));
		return new RestApi(api.id(), name, description, api.createdDate(), binaryMediaTypes, apiKeySource, endpoint,
				checkedPolicy(policy), api.tags(), minimumCompressionSize, api.version(), disableExecuteApiEndpoint);
	}

	/** A resource policy must be an IAM policy document; anything else is refused, as AWS does. */
	private static @Nullable String checkedPolicy(@Nullable String policy) {
		if (policy != null && !policy.isBlank()) {
			try {
				PolicyDocument.parse(policy);
			}
			catch (PolicyException ex) {
				throw ApiModelException.badRequest("Invalid policy document. Please check the policy syntax and "
						+ "ensure that Principals are valid.");
			}
		}
		return policy;
	}

	private static void requireReplace(PatchRequest.Operation operation) {
		if (!operation.op().equals("replace")) {
			throw ApiModelException.badRequest("Invalid patch operation specified. Must be one of: [replace]");
		}
	}

	private static ApiKeySource apiKeySource(String value) {
		for (ApiKeySource source : ApiKeySource.values()) {
			if (source.name().equals(value)) {
				return source;
			}
		}
		throw ApiModelException.badRequest("Invalid API Key Source specified. Valid options are HEADER,AUTHORIZER");
	}

}
