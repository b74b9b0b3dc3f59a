package io.tollgate.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Method;
import io.tollgate.model.MethodResponse;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/** PutMethodResponse, GetMethodResponse, UpdateMethodResponse and DeleteMethodResponse. */
public final class MethodResponseHandler implements AdminRoutes {

	static final String PATH = MethodHandler.PATH + "/responses/{statusCode}";

	private final ApiStore store;

	public MethodResponseHandler(ApiStore store) {
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

	/** The body of PutMethodResponse; the status code is in the path. */
	record PutMethodResponseRequest(@Nullable Map<String, Boolean> responseParameters,
			@Nullable Map<String, String> responseModels) {
	}

	private Mono<ServerResponse> put(ServerRequest request) {
		Target target = Target.of(request);
		return AdminJson.read(request, PutMethodResponseRequest.class)
			.flatMap((body) -> AdminApis.update(this.store, request, (api) -> target.change(api, (method) -> {
				MethodEdits.requireStatusCode(target.statusCode());
				if (method.methodResponses().containsKey(target.statusCode())) {
					throw ApiModelException.conflict("Response already exists for this resource");
				}
				MethodResponse created = new MethodResponse(target.statusCode(), body.responseParameters(),
						body.responseModels());
				MethodEdits.requireModels(api, created.responseModels());
				return created;
			})))
			.flatMap((api) -> AdminJson.created(target.require(api)));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		Target target = Target.of(request);
		return AdminApis.require(this.store, request).map(target::require).flatMap(AdminJson::ok);
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		Target target = Target.of(request);
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> AdminApis.update(this.store, request, (api) -> target.change(api, (method) -> {
				MethodResponse patched = patched(target.require(api), patch);
				MethodEdits.requireModels(api, patched.responseModels());
				return patched;
			})))
			.flatMap((api) -> AdminJson.ok(target.require(api)));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		Target target = Target.of(request);
		return AdminApis.update(this.store, request, (api) -> {
			target.require(api);
			return target.change(api, (method) -> null);
		}).then(AdminJson.noContent());
	}

	private static MethodResponse patched(MethodResponse response, PatchRequest patch) {
		Map<String, Boolean> parameters = new LinkedHashMap<>(response.responseParameters());
		Map<String, String> models = new LinkedHashMap<>(response.responseModels());
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			List<String> path = operation.segments();
			if (ResourcePatches.isEntryOf(path, "responseParameters")) {
				ResourcePatches.patchFlag(parameters, operation);
			}
			else if (ResourcePatches.isEntryOf(path, "responseModels")) {
				ResourcePatches.patchText(models, operation);
			}
			else {
				throw operation.unsupported();
			}
		}
		return new MethodResponse(response.statusCode(), parameters, models);
	}

	/** The method response a call names. */
	private record Target(String resourceId, String httpMethod, String statusCode) {

		static Target of(ServerRequest request) {
			return new Target(request.pathVariable("resourceId"), request.pathVariable("httpMethod"),
					request.pathVariable("statusCode"));
		}

		MethodResponse require(ApiDefinition api) {
			MethodResponse response = MethodEdits.require(api, this.resourceId, this.httpMethod)
				.methodResponses()
				.get(this.statusCode);
			if (response == null) {
				throw ApiModelException.notFound(MethodEdits.INVALID_STATUS_CODE);
			}
			return response;
		}

		/** The API with this response replaced by what {@code change} returns, or removed for {@code null}. */
		ApiDefinition change(ApiDefinition api, Function<Method, @Nullable MethodResponse> change) {
			return MethodEdits.changed(api, this.resourceId, this.httpMethod, (method) -> {
				MethodResponse changed = change.apply(method);
				Map<String, MethodResponse> responses = new LinkedHashMap<>(method.methodResponses());
				if (changed != null) {
					responses.put(this.statusCode, changed);
				}
				else {
					responses.remove(this.statusCode);
				}
				return new Method(method.httpMethod(), method.authorizationType(), method.authorizerId(),
						method.apiKeyRequired(), method.operationName(), method.requestValidatorId(),
						method.requestParameters(), method.requestModels(), method.authorizationScopes(), responses,
						method.methodIntegration());
			});
		}

	}

}
