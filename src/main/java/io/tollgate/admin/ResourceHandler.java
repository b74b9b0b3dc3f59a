package io.tollgate.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.ModelIds;
import io.tollgate.model.Resource;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/** GetResources, GetResource, CreateResource, UpdateResource and DeleteResource. */
public final class ResourceHandler implements AdminRoutes {

	static final int DEFAULT_LIMIT = 25;

	static final int MAX_LIMIT = 500;

	private final ApiStore store;

	public ResourceHandler(ApiStore store) {
		this.store = store;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/restapis/{restApiId}/resources", this::list)
			.GET("/restapis/{restApiId}/resources/{resourceId}", this::get)
			.POST("/restapis/{restApiId}/resources/{parentId}", this::create)
			.PATCH("/restapis/{restApiId}/resources/{resourceId}", this::update)
			.DELETE("/restapis/{restApiId}/resources/{resourceId}", this::delete)
			.build();
	}

	/** The body of CreateResource; the parent is in the path. */
	record CreateResourceRequest(@Nullable String pathPart) {
	}

	/**
	 * A resource as AWS shows it: its methods in full with {@code ?embed=methods}, otherwise only their verbs (each
	 * an empty object).
	 */
	record ResourceView(String id, @Nullable String parentId, @Nullable String pathPart, String path,
			Map<String, Object> resourceMethods) {

		static ResourceView of(Resource resource, boolean embedMethods) {
			Map<String, Object> methods = new LinkedHashMap<>();
			resource.resourceMethods().forEach((verb, method) -> methods.put(verb, embedMethods ? method : Map.of()));
			return new ResourceView(resource.id(), resource.parentId(), resource.pathPart(), resource.path(), methods);
		}

	}

	/** The body of GetResources: one page of resources and, when more follow, where the next page starts. */
	record ResourcePage(List<ResourceView> item, @Nullable String position) {
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		int limit = limit(request);
		boolean embed = embedsMethods(request);
		String position = request.queryParam("position").orElse(null);
		return AdminApis.require(this.store, request).flatMap((api) -> {
			List<Resource> resources = api.resources();
			int start = 0;
			if (position != null) {
				start = indexOf(resources, position);
				if (start < 0) {
					throw ApiModelException.badRequest("Invalid position specified: " + position);
				}
			}
			int end = Math.min(resources.size(), start + limit);
			List<ResourceView> page = resources.subList(start, end)
				.stream()
				.map((resource) -> ResourceView.of(resource, embed))
				.toList();
			String next = (end < resources.size()) ? resources.get(end).id() : null;
			return AdminJson.ok(new ResourcePage(page, next));
		});
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		boolean embed = embedsMethods(request);
		return AdminApis.require(this.store, request)
			.map((api) -> ResourceTreeEdits.require(api, request.pathVariable("resourceId")))
			.flatMap((resource) -> AdminJson.ok(ResourceView.of(resource, embed)));
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		String parentId = request.pathVariable("parentId");
		String id = ModelIds.random();
		return AdminJson.read(request, CreateResourceRequest.class).flatMap((body) -> {
			if (body.pathPart() == null) {
				throw ApiModelException.badRequest("1 validation error detected: Value null at "
						+ "'createResourceInput.pathPart' failed to satisfy constraint: Member must not be null");
			}
			return AdminApis.update(this.store, request, (api) -> api.withResource(parentId, body.pathPart(), id));
		}).flatMap((api) -> AdminJson.created(ResourceView.of(ResourceTreeEdits.require(api, id), false)));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String resourceId = request.pathVariable("resourceId");
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> AdminApis.update(this.store, request, (api) -> patched(api, resourceId, patch)))
			.flatMap((api) -> AdminJson.ok(ResourceView.of(ResourceTreeEdits.require(api, resourceId), false)));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		String resourceId = request.pathVariable("resourceId");
		return AdminApis.update(this.store, request, (api) -> ResourceTreeEdits.withoutSubtree(api, resourceId))
			.then(AdminJson.accepted());
	}

	private static ApiDefinition patched(ApiDefinition api, String resourceId, PatchRequest patch) {
		Resource resource = ResourceTreeEdits.require(api, resourceId);
		String parentId = resource.parentId();
		String pathPart = resource.pathPart();
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			if (resource.parentId() == null && List.of("/parentId", "/pathPart").contains(operation.path())) {
				throw ApiModelException.badRequest("Root resource cannot update its " + operation.path().substring(1)
						+ ".");
			}
			switch (operation.path()) {
				case "/parentId" -> parentId = ResourcePatches.required(operation);
				case "/pathPart" -> pathPart = ResourcePatches.required(operation);
				default -> throw ApiModelException.badRequest("Invalid patch path '" + operation.path()
						+ "' specified for op '" + operation.op() + "'. Must be one of: [/parentId, /pathPart]");
			}
		}
		if (Objects.equals(parentId, resource.parentId()) && Objects.equals(pathPart, resource.pathPart())) {
			return api.withResources(api.resources());
		}
		if (parentId == null || pathPart == null) {
			throw ApiModelException.badRequest("The root resource cannot be modified");
		}
		return ResourceTreeEdits.moved(api, resourceId, parentId, pathPart);
	}

	private static int indexOf(List<Resource> resources, String resourceId) {
		for (int i = 0; i < resources.size(); i++) {
			if (resources.get(i).id().equals(resourceId)) {
				return i;
			}
		}
		return -1;
	}

	/** {@code ?embed=methods}, also as one of several comma-separated or repeated values. */
	private static boolean embedsMethods(ServerRequest request) {
		return request.queryParams()
			.getOrDefault("embed", List.of())
			.stream()
			.flatMap((value) -> List.of(value.split(",")).stream())
			.anyMatch((value) -> value.trim().equals("methods"));
	}

	private static int limit(ServerRequest request) {
		String value = request.queryParam("limit").orElse(null);
		if (value == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int limit = Integer.parseInt(value);
			if (limit >= 1 && limit <= MAX_LIMIT) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// Falls through to the same answer as an out-of-range number.
		}
		throw ApiModelException.badRequest("Invalid limit specified: " + value + " (must be between 1 and "
				+ MAX_LIMIT + ")");
	}

}
