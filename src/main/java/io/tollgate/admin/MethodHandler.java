package io.tollgate.admin;

import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Method;
import io.tollgate.model.Resource;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/** PutMethod, GetMethod, UpdateMethod and DeleteMethod. */
public final class MethodHandler implements AdminRoutes {

	static final String PATH = "/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}";

	/** The verbs a method may have, exactly as AWS spells them (no lower case). */
	private static final List<String> VERBS = List.of("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD",
			"ANY");

	private final ApiStore store;

	public MethodHandler(ApiStore store) {
		this.store = store;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.PUT(PATH, this::put)
			.GET(PATH, this::get)
			.PATCH(PATH, this::update)
			.DELETE(PATH, this::delete)
			.build();
	}

	/** The body of PutMethod; the verb is in the path. */
	record PutMethodRequest(@Nullable AuthorizationType authorizationType, @Nullable String authorizerId,
			@Nullable Boolean apiKeyRequired, @Nullable String operationName,
			@Nullable Map<String, Boolean> requestParameters, @Nullable Map<String, String> requestModels,
			@Nullable String requestValidatorId, @Nullable List<String> authorizationScopes) {
	}

	private Mono<ServerResponse> put(ServerRequest request) {
		String resourceId = request.pathVariable("resourceId");
		String verb = request.pathVariable("httpMethod");
		return AdminJson.read(request, PutMethodRequest.class)
			.flatMap((body) -> AdminApis.update(this.store, request,
					(api) -> api.withMethod(resourceId, created(api, resourceId, verb, body))))
			.flatMap((api) -> AdminJson.created(MethodEdits.require(api, resourceId, verb)));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return AdminApis.require(this.store, request)
			.map((api) -> MethodEdits.require(api, request.pathVariable("resourceId"),
					request.pathVariable("httpMethod")))
			.flatMap(AdminJson::ok);
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String resourceId = request.pathVariable("resourceId");
		String verb = request.pathVariable("httpMethod");
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> AdminApis.update(this.store, request, (api) -> MethodEdits.changed(api, resourceId,
					verb, (method) -> patched(api, method, patch))))
			.flatMap((api) -> AdminJson.ok(MethodEdits.require(api, resourceId, verb)));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		String resourceId = request.pathVariable("resourceId");
		String verb = request.pathVariable("httpMethod");
		return AdminApis.update(this.store, request, (api) -> MethodEdits.without(api, resourceId, verb))
			.then(AdminJson.noContent());
	}

	private static Method created(ApiDefinition api, String resourceId, String verb, PutMethodRequest body) {
		Resource resource = ResourceTreeEdits.require(api, resourceId);
		if (!VERBS.contains(verb)) {
			throw ApiModelException.badRequest("Invalid HttpMethod specified. Valid options are "
					+ String.join(",", VERBS));
		}
		if (resource.resourceMethods().containsKey(verb)) {
			throw ApiModelException.conflict("Method already exists for this resource");
		}
		if (body.authorizationType() == null) {
			throw ApiModelException.badRequest("1 validation error detected: Value null at "
					+ "'putMethodInput.authorizationType' failed to satisfy constraint: Member must not be null");
		}
		MethodDraft draft = new MethodDraft(verb, body.authorizationType());
		draft.authorizerId = body.authorizerId();
		draft.apiKeyRequired = Boolean.TRUE.equals(body.apiKeyRequired());
		draft.operationName = body.operationName();
		draft.requestValidatorId = body.requestValidatorId();
		if (body.requestParameters() != null) {
			draft.requestParameters.putAll(body.requestParameters());
		}
		if (body.requestModels() != null) {
			draft.requestModels.putAll(body.requestModels());
		}
		if (body.authorizationScopes() != null) {
			draft.authorizationScopes.addAll(body.authorizationScopes());
		}
		return draft.build(api);
	}

	private static Method patched(ApiDefinition api, Method method, PatchRequest patch) {
		MethodDraft draft = new MethodDraft(method);
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			List<String> path = operation.segments();
			if (ResourcePatches.isEntryOf(path, "requestParameters")) {
				ResourcePatches.patchFlag(draft.requestParameters, operation);
				continue;
			}
			if (ResourcePatches.isEntryOf(path, "requestModels")) {
				ResourcePatches.patchText(draft.requestModels, operation);
				continue;
			}
			switch (operation.path()) {
				case "/authorizationType" -> draft.authorizationType = ResourcePatches.parseEnum(operation,
						AuthorizationType.class, ResourcePatches.required(operation));
				case "/authorizerId" -> draft.authorizerId = ResourcePatches.optional(operation);
				case "/apiKeyRequired" -> draft.apiKeyRequired = ResourcePatches.parseBoolean(operation,
						ResourcePatches.required(operation));
				case "/operationName" -> draft.operationName = ResourcePatches.optional(operation);
				case "/requestValidatorId" -> {
					// An empty value removes the validator, as in AWS.
					String validator = ResourcePatches.optional(operation);
					draft.requestValidatorId = (validator == null || validator.isEmpty()) ? null : validator;
				}
				case "/authorizationScopes" -> patchScopes(draft.authorizationScopes, operation);
				default -> throw operation.unsupported();
			}
		}
		return draft.build(api);
	}

	/** {@code add} or {@code remove} one scope given as the value; {@code remove} without a value clears them. */
	private static void patchScopes(List<String> scopes, PatchRequest.Operation operation) {
		switch (operation.op()) {
			case "add" -> {
				if (!scopes.contains(operation.requireValue())) {
					scopes.add(operation.requireValue());
				}
			}
			case "remove" -> {
				if (operation.value() != null) {
					scopes.remove(operation.value());
				}
				else {
					scopes.clear();
				}
			}
			case "replace" -> {
				scopes.clear();
				scopes.add(operation.requireValue());
			}
			default -> throw operation.unsupported();
		}
	}

}
