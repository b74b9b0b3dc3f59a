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

	/** The body of CreateRestApi. */
	record CreateRestApiRequest(String name, @Nullable String description, @Nullable String version,
			@Nullable String cloneFrom, @Nullable List<String> binaryMediaTypes,
			@Nullable Integer minimumCompressionSize, @Nullable ApiKeySource apiKeySource,
			@Nullable EndpointConfiguration endpointConfiguration, @Nullable String policy,
			@Nullable Map<String, String> tags, @Nullable Boolean disableExecuteApiEndpoint) {
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return AdminJson.read(request, CreateRestApiRequest.class).flatMap((body) -> {
			if (body.name() == null || body.name().isBlank()) {
				throw ApiModelException.badRequest("Invalid REST API name specified");
			}
			RestApi api = new RestApi(ModelIds.random(), body.name(), body.description(), Instant.now(),
					body.binaryMediaTypes(), body.apiKeySource(), body.endpointConfiguration(),
					checkedPolicy(body.policy()), body.tags(), body.minimumCompressionSize());
			// AWS gives every new API the models Empty and Error.
			ApiDefinition created = ApiDefinition.create(api)
				.withComponents(new ApiComponents(null, null, Models.defaults(api.id()), null));
			return this.store.save(created, ApiStore.ABSENT);
		}).flatMap((saved) -> AdminJson.created(saved.restApi()));
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return this.store.findAll()
			.map(ApiDefinition::restApi)
			.collectList()
			.flatMap((apis) -> AdminJson.ok(Map.of("item", apis)));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return AdminApis.require(this.store, request).flatMap((api) -> AdminJson.ok(api.restApi()));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> AdminApis.update(this.store, request,
					(api) -> api.withRestApi(patched(api.restApi(), patch))))
			.flatMap((api) -> AdminJson.ok(api.restApi()));
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
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			List<String> path = operation.segments();
			switch (path.get(0)) {
				case "name" -> name = operation.requireValue();
				case "description" -> description = operation.op().equals("remove") ? null : operation.value();
				case "apiKeySource" -> apiKeySource = ApiKeySource.valueOf(operation.requireValue());
				case "policy" -> policy = operation.op().equals("remove") ? null : operation.value();
				case "minimumCompressionSize" -> minimumCompressionSize = operation.op().equals("remove") ? null
						: compressionSize(operation.value());
				case "binaryMediaTypes" -> {
					if (path.size() != 2) {
						throw operation.unsupported();
					}
					if (operation.op().equals("add")) {
						binaryMediaTypes.add(path.get(1));
					}
					else if (operation.op().equals("remove")) {
						binaryMediaTypes.remove(path.get(1));
					}
					else {
						throw operation.unsupported();
					}
				}
				case "endpointConfiguration" -> {
					if (path.size() == 3 && path.get(1).equals("types") && operation.op().equals("replace")) {
						endpointTypes = List.of(operation.requireValue());
					}
					else {
						throw operation.unsupported();
					}
				}
				default -> throw operation.unsupported();
			}
		}
		return new RestApi(api.id(), name, description, api.createdDate(), binaryMediaTypes, apiKeySource,
				new EndpointConfiguration(endpointTypes, api.endpointConfiguration().vpcEndpointIds()),
				checkedPolicy(policy), api.tags(), minimumCompressionSize);
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

}
