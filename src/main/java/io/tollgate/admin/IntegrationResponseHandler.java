package io.tollgate.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.AuthorRegex;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationResponse;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/** PutIntegrationResponse, GetIntegrationResponse, UpdateIntegrationResponse and DeleteIntegrationResponse. */
public final class IntegrationResponseHandler implements AdminRoutes {

	static final String PATH = IntegrationHandler.PATH + "/responses/{statusCode}";

	private final ApiStore store;

	public IntegrationResponseHandler(ApiStore store) {
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

	/** The body of PutIntegrationResponse; the status code is in the path. */
	record PutIntegrationResponseRequest(@Nullable String selectionPattern,
			@Nullable Map<String, String> responseParameters, @Nullable Map<String, String> responseTemplates,
			@Nullable String contentHandling) {
	}

	private Mono<ServerResponse> put(ServerRequest request) {
		Target target = Target.of(request);
		return AdminJson.read(request, PutIntegrationResponseRequest.class)
			.flatMap((body) -> AdminApis.update(this.store, request, (api) -> {
				MethodEdits.requireStatusCode(target.statusCode());
				// As on AWS, the method need not declare a method response for the status (yet).
				return target.change(api, (integration) -> checked(new IntegrationResponse(target.statusCode(),
						body.selectionPattern(), body.responseParameters(), body.responseTemplates(),
						body.contentHandling())));
			}))
			.flatMap((api) -> AdminJson.created(target.require(api)));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		Target target = Target.of(request);
		return AdminApis.require(this.store, request).map(target::require).flatMap(AdminJson::ok);
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		Target target = Target.of(request);
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> AdminApis.update(this.store, request,
					(api) -> target.change(api, (integration) -> checked(patched(target.require(api), patch)))))
			.flatMap((api) -> AdminJson.ok(target.require(api)));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		Target target = Target.of(request);
		return AdminApis.update(this.store, request, (api) -> {
			target.require(api);
			return target.change(api, (integration) -> null);
		}).then(AdminJson.noContent());
	}

	private static IntegrationResponse patched(IntegrationResponse response, PatchRequest patch) {
		String selectionPattern = response.selectionPattern();
		String contentHandling = response.contentHandling();
		Map<String, String> parameters = new LinkedHashMap<>(response.responseParameters());
		Map<String, String> templates = new LinkedHashMap<>(response.responseTemplates());
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			List<String> path = operation.segments();
			if (ResourcePatches.isEntryOf(path, "responseParameters")) {
				ResourcePatches.patchText(parameters, operation);
				continue;
			}
			if (ResourcePatches.isEntryOf(path, "responseTemplates")) {
				ResourcePatches.patchText(templates, operation);
				continue;
			}
			switch (operation.path()) {
				case "/selectionPattern" -> selectionPattern = ResourcePatches.optional(operation);
				case "/contentHandling" -> contentHandling = ResourcePatches.optional(operation);
				default -> throw operation.unsupported();
			}
		}
		return new IntegrationResponse(response.statusCode(), selectionPattern, parameters, templates,
				contentHandling);
	}

	/** Refuses what would keep a deployment from compiling: a selection pattern that is no regular expression. */
	private static IntegrationResponse checked(IntegrationResponse response) {
		if (!response.isDefault()) {
			AuthorRegex.check(response.selectionPattern(), "selection pattern");
		}
		IntegrationDraft.requireContentHandling(response.contentHandling());
		return response;
	}

	/** The integration response a call names. */
	private record Target(String resourceId, String httpMethod, String statusCode) {

		static Target of(ServerRequest request) {
			return new Target(request.pathVariable("resourceId"), request.pathVariable("httpMethod"),
					request.pathVariable("statusCode"));
		}

		IntegrationResponse require(ApiDefinition api) {
			IntegrationResponse response = MethodEdits.requireIntegration(api, this.resourceId, this.httpMethod)
				.integrationResponses()
				.get(this.statusCode);
			if (response == null) {
				throw ApiModelException.notFound(MethodEdits.INVALID_STATUS_CODE);
			}
			return response;
		}

		/** The API with this response replaced by what {@code change} returns, or removed for {@code null}. */
		ApiDefinition change(ApiDefinition api, Function<Integration, @Nullable IntegrationResponse> change) {
			return MethodEdits.integrationChanged(api, this.resourceId, this.httpMethod, (integration) -> {
				IntegrationResponse changed = change.apply(integration);
				IntegrationDraft draft = new IntegrationDraft(integration);
				if (changed != null) {
					draft.integrationResponses.put(this.statusCode, changed);
				}
				else {
					draft.integrationResponses.remove(this.statusCode);
				}
				return draft.build(this.resourceId);
			});
		}

	}

}
