package io.tollgate.admin.v2;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tollgate.admin.AdminRoutes;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.ModelIds;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.Authorizer;
import io.tollgate.model.v2.Model;
import io.tollgate.store.DefinitionStore;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The v2 authorizer and model operations: CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer,
 * and CreateModel, GetModel(s), UpdateModel, DeleteModel, GetModelTemplate.
 */
public final class AuthorizerV2Handler implements AdminRoutes {

	private final V2Apis apis;

	public AuthorizerV2Handler(DefinitionStore<ApiV2Definition> store) {
		this.apis = new V2Apis(store);
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/v2/apis/{apiId}/authorizers", this::create)
			.GET("/v2/apis/{apiId}/authorizers", this::list)
			.GET("/v2/apis/{apiId}/authorizers/{authorizerId}", this::get)
			.PATCH("/v2/apis/{apiId}/authorizers/{authorizerId}", this::update)
			.DELETE("/v2/apis/{apiId}/authorizers/{authorizerId}", this::delete)
			.POST("/v2/apis/{apiId}/models", this::createModel)
			.GET("/v2/apis/{apiId}/models", this::listModels)
			.GET("/v2/apis/{apiId}/models/{modelId}", this::getModel)
			.GET("/v2/apis/{apiId}/models/{modelId}/template", this::getModelTemplate)
			.PATCH("/v2/apis/{apiId}/models/{modelId}", this::updateModel)
			.DELETE("/v2/apis/{apiId}/models/{modelId}", this::deleteModel)
			.build();
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		String authorizerId = ModelIds.random();
		return V2Resources.body(request)
			.flatMap((body) -> this.apis.update(request, (definition) -> definition
				.withAuthorizer(V2Resources.create(body, Authorizer.class, Map.of("authorizerId", authorizerId)))))
			.flatMap((saved) -> V2Json.created(view(saved.configuration().authorizers().get(authorizerId))));
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return this.apis.require(request).flatMap((definition) -> {
			List<Authorizer> authorizers = definition.configuration()
				.authorizers()
				.values()
				.stream()
				.sorted(Comparator.comparing(Authorizer::authorizerId))
				.toList();
			return V2Json.ok(V2Page.of(authorizers, Authorizer::authorizerId, request, AuthorizerV2Handler::view));
		});
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return this.apis.require(request).flatMap((definition) -> V2Json.ok(view(authorizer(definition, request))));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String authorizerId = request.pathVariable("authorizerId");
		return V2Resources.body(request)
			.flatMap((body) -> this.apis.update(request, (definition) -> definition.withAuthorizer(
					V2Resources.patch(authorizer(definition, request), body, Authorizer.class, "authorizerId"))))
			.flatMap((saved) -> V2Json.ok(view(saved.configuration().authorizers().get(authorizerId))));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		return this.apis
			.update(request, (definition) -> definition.withoutAuthorizer(authorizer(definition, request).authorizerId()))
			.then(V2Json.noContent());
	}

	private Mono<ServerResponse> createModel(ServerRequest request) {
		String modelId = ModelIds.random();
		return V2Resources.body(request).flatMap((body) -> this.apis.update(request, (definition) -> {
			Model model = V2Resources.create(body, Model.class, Map.of("modelId", modelId));
			requireUniqueName(definition, model);
			return definition.withModel(model);
		})).flatMap((saved) -> V2Json.created(modelView(saved.configuration().models().get(modelId))));
	}

	private Mono<ServerResponse> listModels(ServerRequest request) {
		return this.apis.require(request).flatMap((definition) -> {
			List<Model> models = definition.configuration()
				.models()
				.values()
				.stream()
				.sorted(Comparator.comparing(Model::modelId))
				.toList();
			return V2Json.ok(V2Page.of(models, Model::modelId, request, AuthorizerV2Handler::modelView));
		});
	}

	private Mono<ServerResponse> getModel(ServerRequest request) {
		return this.apis.require(request).flatMap((definition) -> V2Json.ok(modelView(model(definition, request))));
	}

	/** A mapping template skeleton for the model: AWS generates one from the schema; this is its simplest form. */
	private Mono<ServerResponse> getModelTemplate(ServerRequest request) {
		return this.apis.require(request)
			.flatMap((definition) -> V2Json.ok(Map.of("value", "#set($inputRoot = $input.path('$'))\n{ }")));
	}

	private Mono<ServerResponse> updateModel(ServerRequest request) {
		String modelId = request.pathVariable("modelId");
		return V2Resources.body(request).flatMap((body) -> this.apis.update(request, (definition) -> {
			Model model = V2Resources.patch(model(definition, request), body, Model.class, "modelId");
			requireUniqueName(definition, model);
			return definition.withModel(model);
		})).flatMap((saved) -> V2Json.ok(modelView(saved.configuration().models().get(modelId))));
	}

	private Mono<ServerResponse> deleteModel(ServerRequest request) {
		return this.apis.update(request, (definition) -> definition.withoutModel(model(definition, request).modelId()))
			.then(V2Json.noContent());
	}

	private static void requireUniqueName(ApiV2Definition definition, Model model) {
		definition.configuration().models().values().forEach((other) -> {
			if (!other.modelId().equals(model.modelId()) && other.name().equals(model.name())) {
				throw ApiModelException.conflict("Model name already exists for this API");
			}
		});
	}

	private static Authorizer authorizer(ApiV2Definition definition, ServerRequest request) {
		String authorizerId = request.pathVariable("authorizerId");
		return definition.configuration()
			.authorizer(authorizerId)
			.orElseThrow(() -> ApiModelException.notFound("Invalid Authorizer identifier specified " + authorizerId));
	}

	private static Model model(ApiV2Definition definition, ServerRequest request) {
		String modelId = request.pathVariable("modelId");
		return definition.configuration()
			.model(modelId)
			.orElseThrow(() -> ApiModelException.notFound("Invalid Model identifier specified " + modelId));
	}

	static Object view(Authorizer authorizer) {
		return V2Resources.view(authorizer, Set.of());
	}

	private static Object modelView(Model model) {
		return V2Resources.view(model, Set.of());
	}

}
