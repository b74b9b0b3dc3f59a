package io.tollgate.admin;

import java.util.regex.Pattern;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Method;
import io.tollgate.model.MethodResponse;
import io.tollgate.model.Model;
import io.tollgate.model.ModelIds;
import io.tollgate.model.Resource;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * CreateModel, GetModel(s), UpdateModel and DeleteModel. Models are stored by id but named in paths, and their
 * schema must be a JSON object; a model that a method request or response uses cannot be deleted.
 */
public final class ModelHandler implements AdminRoutes {

	private static final String PATH = "/restapis/{restApiId}/models";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]+");

	private static final String EMPTY_SCHEMA = "Model schema must have at least 1 property or array items defined";

	/** Models are named in paths, stored by id. */
	private static final ApiComponentOperations.Kind<Model> KIND = new ApiComponentOperations.Kind<>(
			(components) -> components.models().values(), Models::named, ApiComponents::withModel,
			(components, model) -> components.withoutModel(model.id()));

	private final ApiStore store;

	private final ApiComponentOperations<Model> operations;

	public ModelHandler(ApiStore store) {
		this.store = store;
		this.operations = new ApiComponentOperations<>(store, "modelName", KIND,
				(name) -> ApiModelException.notFound("Invalid model name specified: " + name));
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST(PATH, this::create)
			.GET(PATH, this.operations::list)
			.GET(PATH + "/{modelName}", this.operations::get)
			.PATCH(PATH + "/{modelName}", (request) -> this.operations.update(request, ModelHandler::patched))
			.DELETE(PATH + "/{modelName}", (request) -> this.operations.delete(request, ModelHandler::refuseWhileUsed))
			.build();
	}

	/** The body of CreateModel. */
	record CreateModelRequest(@Nullable String name, @Nullable String description, @Nullable String schema,
			@Nullable String contentType) {
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return AdminJson.read(request, CreateModelRequest.class).flatMap((body) -> {
			if (body.name() == null || body.name().isEmpty()) {
				throw ApiModelException.badRequest("Model name must be non-empty");
			}
			if (!NAME.matcher(body.name()).matches()) {
				throw ApiModelException.badRequest("Model name must be alphanumeric: " + body.name());
			}
			if (body.contentType() == null) {
				throw ApiModelException.of(400, "ValidationException", "1 validation error detected: Value null at "
						+ "'createModelInput.contentType' failed to satisfy constraint: Member must not be null");
			}
			Model model = new Model(ModelIds.random(), body.name(), emptyToNull(body.description()),
					checkedSchema(body.schema()), body.contentType());
			return AdminApis.update(this.store, request, (api) -> {
				if (Models.named(api.components(), model.name()).isPresent()) {
					throw ApiModelException.conflict("Model name already exists for this REST API");
				}
				return this.operations.with(api, model);
			}).then(AdminJson.created(model));
		});
	}

	private static void refuseWhileUsed(ApiDefinition api, Model model) {
		String user = firstUser(api, model.name());
		if (user != null) {
			throw ApiModelException.conflict("Cannot delete model '" + model.name() + "', is referenced in " + user);
		}
	}

	/** Where a model is used, in AWS's words ({@code method request: /pets/POST}), or {@code null}. */
	private static @Nullable String firstUser(ApiDefinition api, String name) {
		for (Resource resource : api.resources()) {
			for (Method method : resource.resourceMethods().values()) {
				String where = resource.path() + "/" + method.httpMethod();
				if (method.requestModels().containsValue(name)) {
					return "method request: " + where;
				}
				for (MethodResponse response : method.methodResponses().values()) {
					if (response.responseModels().containsValue(name)) {
						return "method response: " + where + "/" + response.statusCode();
					}
				}
			}
		}
		return null;
	}

	private static Model patched(Model current, PatchRequest patch) {
		String description = current.description();
		String schema = current.schema();
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			String path = operation.path();
			if (!operation.op().equals("replace")) {
				throw ApiModelException.badRequest("Invalid patch path  '" + path + "' specified for op '"
						+ operation.op() + "'. Please choose supported operations");
			}
			switch (path) {
				case "/description" -> description = emptyToNull(operation.value());
				case "/schema" -> schema = checkedSchema(operation.value());
				default -> throw ApiModelException.badRequest("Invalid patch path  '" + path + "' specified for op "
						+ "'replace'. Must be one of: [/description, /schema]");
			}
		}
		return new Model(current.id(), current.name(), description, schema, current.contentType());
	}

	/** A schema is required and must be a JSON object; AWS keeps the text as given. */
	private static String checkedSchema(@Nullable String schema) {
		if (schema == null || schema.isBlank()) {
			throw ApiModelException.badRequest(EMPTY_SCHEMA);
		}
		JsonNode tree;
		try {
			tree = AdminJson.mapper().readTree(schema);
		}
		catch (JacksonException ex) {
			throw invalidSchema();
		}
		if (tree == null || !tree.isObject()) {
			throw invalidSchema();
		}
		if (tree.isEmpty()) {
			throw ApiModelException.badRequest(EMPTY_SCHEMA);
		}
		return schema;
	}

	private static ApiModelException invalidSchema() {
		return ApiModelException.badRequest(
				"Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]");
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
