package io.tollgate.admin;

import java.util.Optional;

import io.tollgate.model.ApiComponents;
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

	private static final ApiComponentOperations.Kind<RequestValidator> KIND = new ApiComponentOperations.Kind<>(
			(components) -> components.requestValidators().values(),
			(components, id) -> Optional.ofNullable(components.requestValidators().get(id)),
			ApiComponents::withRequestValidator,
			(components, component) -> components.withoutRequestValidator(component.id()));

	private final ApiStore store;

	private final ApiComponentOperations<RequestValidator> operations;

	public RequestValidatorHandler(ApiStore store) {
		this.store = store;
		this.operations = new ApiComponentOperations<>(store, "requestValidatorId", KIND,
				(id) -> ApiModelException.notFound(NOT_FOUND));
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST(PATH, this::create)
			.GET(PATH, this.operations::list)
			.GET(PATH + "/{requestValidatorId}", this.operations::get)
			.PATCH(PATH + "/{requestValidatorId}",
					(request) -> this.operations.update(request, RequestValidatorHandler::patched))
			.DELETE(PATH + "/{requestValidatorId}",
					(request) -> this.operations.delete(request, RequestValidatorHandler::refuseWhileUsed))
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
			return AdminApis.update(this.store, request, (api) -> this.operations.with(api, validator),
					() -> ApiModelException.badRequest("Invalid REST API identifier specified"))
				.then(AdminJson.created(validator));
		});
	}

	private static void refuseWhileUsed(ApiDefinition api, RequestValidator validator) {
		for (Resource resource : api.resources()) {
			for (Method method : resource.resourceMethods().values()) {
				if (validator.id().equals(method.requestValidatorId())) {
					throw ApiModelException.conflict("Cannot delete request validator '" + validator.name()
							+ "', is referenced in method: " + method.httpMethod() + "/" + resource.path());
				}
			}
		}
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
