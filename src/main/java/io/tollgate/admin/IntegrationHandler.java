package io.tollgate.admin;

import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationType;
import io.tollgate.model.PassthroughBehavior;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/** PutIntegration, GetIntegration, UpdateIntegration and DeleteIntegration. */
public final class IntegrationHandler implements AdminRoutes {

	static final String PATH = MethodHandler.PATH + "/integration";

	private final ApiStore store;

	public IntegrationHandler(ApiStore store) {
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

	/**
	 * The body of PutIntegration. {@code httpMethod} is the integration's verb (the SDK's
	 * {@code integrationHttpMethod}); the method's own verb is in the path.
	 */
	record PutIntegrationRequest(@Nullable IntegrationType type, @Nullable String httpMethod, @Nullable String uri,
			@Nullable String connectionType, @Nullable String connectionId, @Nullable String credentials,
			@Nullable Map<String, String> requestParameters, @Nullable Map<String, String> requestTemplates,
			@Nullable PassthroughBehavior passthroughBehavior, @Nullable String cacheNamespace,
			@Nullable List<String> cacheKeyParameters, @Nullable String contentHandling,
			@Nullable Integer timeoutInMillis, @Nullable TlsConfig tlsConfig, @Nullable String responseTransferMode,
			@Nullable String integrationTarget) {
	}

	record TlsConfig(@Nullable Boolean insecureSkipVerification) {
	}

	private Mono<ServerResponse> put(ServerRequest request) {
		String resourceId = request.pathVariable("resourceId");
		String verb = request.pathVariable("httpMethod");
		return AdminJson.read(request, PutIntegrationRequest.class)
			.flatMap((body) -> AdminApis.update(this.store, request, (api) -> MethodEdits.changed(api, resourceId,
					verb, (method) -> method.withIntegration(created(body, resourceId)))))
			.flatMap((api) -> AdminJson.created(MethodEdits.requireIntegration(api, resourceId, verb)));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return AdminApis.require(this.store, request)
			.map((api) -> MethodEdits.requireIntegration(api, request.pathVariable("resourceId"),
					request.pathVariable("httpMethod")))
			.flatMap(AdminJson::ok);
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String resourceId = request.pathVariable("resourceId");
		String verb = request.pathVariable("httpMethod");
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> AdminApis.update(this.store, request, (api) -> MethodEdits.integrationChanged(api,
					resourceId, verb, (integration) -> patched(integration, patch, resourceId))))
			.flatMap((api) -> AdminJson.ok(MethodEdits.requireIntegration(api, resourceId, verb)));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		String resourceId = request.pathVariable("resourceId");
		String verb = request.pathVariable("httpMethod");
		return AdminApis.update(this.store, request, (api) -> deleted(api, resourceId, verb))
			.then(AdminJson.noContent());
	}

	/** A new integration; it replaces the method's integration and its integration responses, as in AWS. */
	private static Integration created(PutIntegrationRequest body, String resourceId) {
		if (body.type() == null) {
			throw ApiModelException.badRequest("1 validation error detected: Value null at "
					+ "'putIntegrationInput.type' failed to satisfy constraint: Member must not be null");
		}
		if (body.connectionId() != null || "VPC_LINK".equals(body.connectionType())) {
			throw IntegrationDraft.unsupported("VPC link integrations");
		}
		if (body.integrationTarget() != null) {
			throw IntegrationDraft.unsupported("integrationTarget");
		}
		if (body.tlsConfig() != null && Boolean.TRUE.equals(body.tlsConfig().insecureSkipVerification())) {
			throw IntegrationDraft.unsupported("tlsConfig.insecureSkipVerification");
		}
		if (body.responseTransferMode() != null && !body.responseTransferMode().equals("BUFFERED")) {
			throw IntegrationDraft.unsupported("responseTransferMode " + body.responseTransferMode());
		}
		IntegrationDraft draft = new IntegrationDraft(body.type());
		draft.httpMethod = body.httpMethod();
		draft.uri = body.uri();
		draft.connectionType = body.connectionType();
		draft.credentials = body.credentials();
		if (body.requestParameters() != null) {
			draft.requestParameters.putAll(body.requestParameters());
		}
		if (body.requestTemplates() != null) {
			draft.requestTemplates.putAll(body.requestTemplates());
		}
		draft.passthroughBehavior = body.passthroughBehavior();
		draft.contentHandling = body.contentHandling();
		draft.timeoutInMillis = body.timeoutInMillis();
		draft.cacheNamespace = body.cacheNamespace();
		if (body.cacheKeyParameters() != null) {
			draft.cacheKeyParameters.addAll(body.cacheKeyParameters());
		}
		return draft.build(resourceId);
	}

	private static Integration patched(Integration integration, PatchRequest patch, String resourceId) {
		IntegrationDraft draft = new IntegrationDraft(integration);
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			List<String> path = operation.segments();
			if (ResourcePatches.isEntryOf(path, "requestParameters")) {
				ResourcePatches.patchText(draft.requestParameters, operation);
				continue;
			}
			if (ResourcePatches.isEntryOf(path, "requestTemplates")) {
				ResourcePatches.patchText(draft.requestTemplates, operation);
				continue;
			}
			if (ResourcePatches.isEntryOf(path, "cacheKeyParameters")) {
				ResourcePatches.patchElement(draft.cacheKeyParameters, operation);
				continue;
			}
			switch (operation.path()) {
				case "/uri" -> draft.uri = ResourcePatches.required(operation);
				case "/httpMethod" -> draft.httpMethod = ResourcePatches.required(operation);
				case "/timeoutInMillis" -> draft.timeoutInMillis = ResourcePatches.parseInt(operation,
						ResourcePatches.required(operation));
				case "/passthroughBehavior" -> draft.passthroughBehavior = ResourcePatches.parseEnum(operation,
						PassthroughBehavior.class, ResourcePatches.required(operation));
				case "/connectionType" -> draft.connectionType = ResourcePatches.required(operation);
				case "/credentials" -> draft.credentials = ResourcePatches.optional(operation);
				case "/contentHandling" -> draft.contentHandling = ResourcePatches.optional(operation);
				case "/cacheNamespace" -> draft.cacheNamespace = ResourcePatches.required(operation);
				default -> throw operation.unsupported();
			}
		}
		return draft.build(resourceId);
	}

	private static ApiDefinition deleted(ApiDefinition api, String resourceId, String verb) {
		MethodEdits.requireIntegration(api, resourceId, verb);
		return MethodEdits.changed(api, resourceId, verb, (method) -> method.withIntegration(null));
	}

}
