package io.tollgate.admin;

import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Method;
import io.tollgate.model.ModelIds;
import io.tollgate.model.RequestValidator;
import io.tollgate.model.Resource;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * CreateRequestValidator, GetRequestValidator(s), UpdateRequestValidator and DeleteRequestValidator. A validator that
 * a method uses cannot be deleted.
 */
public final class RequestValidatorHandler implements AdminRoutes {

	private static final String PATH = "/restapis/{restApiId}/requestvalidators";

	private static final String NOT_FOUND = "Invalid Request Validator identifier specified";

	private final ApiStore store;

	public RequestValidatorHandler(ApiStore store) {
		this.store = store;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST(PATH, this::create)
			.GET(PATH, this::list)
			.GET(PATH + "/{requestValidatorId}", this::get)
			.PATCH(PATH + "/{requestValidatorId}", this::update)
			.DELETE(PATH + "/{requestValidatorId}", this::delete)
			.build();
	}

	/** The body of CreateRequestValidator; absent flags are {@code false}, as in AWS. */
	record CreateRequestValidatorRequest(@Nullable String name, boolean validateRequestBody,
			boolean validateRequestParameters) {
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return AdminJson.read(request, CreateRequestValidatorRequest.class).flatMap((body) -> {
			RequestValidator validator = new RequestValidator(ModelIds.random(), requireName(body.name()),
					body.validateRequestBody(), body.validateRequestParameters());
			return AdminApis.update(this.store, request, (api) -> with(api, validator),
					() -> ApiModelException.badRequest("Invalid REST API identifier specified"))
				.then(AdminJson.created(validator));
		});
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return AdminApis.require(this.store, request)
			.flatMap((api) -> AdminJson
				.ok(Map.of("item", List.copyOf(api.components().requestValidators().values()))));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return AdminApis.require(this.store, request)
			.flatMap((api) -> AdminJson.ok(require(api, request.pathVariable("requestValidatorId"))));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String validatorId = request.pathVariable("requestValidatorId");
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> AdminApis.update(this.store, request,
					(api) -> with(api, patched(require(api, validatorId), patch))))
			.flatMap((api) -> AdminJson.ok(require(api, validatorId)));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		String validatorId = request.pathVariable("requestValidatorId");
		return AdminApis.update(this.store, request, (api) -> {
			RequestValidator validator = require(api, validatorId);
			for (Resource resource : api.resources()) {
				for (Method method : resource.resourceMethods().values()) {
					if (validatorId.equals(method.requestValidatorId())) {
						throw ApiModelException.conflict("Cannot delete request validator '" + validator.name()
								+ "', is referenced in method: " + method.httpMethod() + "/" + resource.path());
					}
				}
			}
			return api.withComponents(api.components().withoutRequestValidator(validatorId));
		}).then(AdminJson.accepted());
	}

	private static RequestValidator require(ApiDefinition api, String validatorId) {
		RequestValidator validator = api.components().requestValidators().get(validatorId);
		if (validator == null) {
			throw ApiModelException.notFound(NOT_FOUND);
		}
		return validator;
	}

	private static ApiDefinition with(ApiDefinition api, RequestValidator validator) {
		return api.withComponents(api.components().withRequestValidator(validator));
	}

	private static RequestValidator patched(RequestValidator current, PatchRequest patch) {
		String name = current.name();
		boolean body = current.validateRequestBody();
		boolean parameters = current.validateRequestParameters();
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			String path = operation.path();
			boolean known = path.equals("/name") || path.equals("/validateRequestBody")
					|| path.equals("/validateRequestParameters");
			if (!operation.op().equals("replace")) {
				throw ApiModelException.badRequest("Invalid patch path  '" + path + "' specified for op '"
						+ operation.op() + "'. Please choose supported operations");
			}
			if (!known) {
				throw ApiModelException.badRequest("Invalid patch path  '" + path + "' specified for op 'replace'. "
						+ "Must be one of: [/name, /validateRequestParameters, /validateRequestBody]");
			}
			switch (path) {
				case "/name" -> name = requireName(operation.value());
				// A replace without a value turns the flag off.
				case "/validateRequestBody" -> body = Boolean.parseBoolean(operation.value());
				default -> parameters = Boolean.parseBoolean(operation.value());
			}
		}
		return new RequestValidator(current.id(), name, body, parameters);
	}

	private static String requireName(@Nullable String name) {
		if (name == null || name.isBlank()) {
			throw ApiModelException.badRequest("Request Validator name cannot be blank");
		}
		return name;
	}

}
