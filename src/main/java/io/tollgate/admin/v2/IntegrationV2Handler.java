package io.tollgate.admin.v2;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tollgate.admin.AdminRoutes;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.ModelIds;
import io.tollgate.model.v2.ApiConfiguration;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.Integration;
import io.tollgate.model.v2.IntegrationResponse;
import io.tollgate.store.DefinitionStore;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The v2 integration operations: CreateIntegration, GetIntegration(s), UpdateIntegration, DeleteIntegration, and
 * the integration responses of WebSocket integrations. UpdateIntegration merges {@code requestParameters} and
 * {@code responseParameters} key by key, as AWS does: a request mapping set to {@code ""} or a status code set to
 * {@code {}} is removed. Integrations made by quick create ({@code apiGatewayManaged}) cannot be changed.
 */
public final class IntegrationV2Handler implements AdminRoutes {

	private final V2Apis apis;

	public IntegrationV2Handler(DefinitionStore<ApiV2Definition> store) {
		this.apis = new V2Apis(store);
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		String responses = "/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses";
		return RouterFunctions.route()
			.POST("/v2/apis/{apiId}/integrations", this::create)
			.GET("/v2/apis/{apiId}/integrations", this::list)
			.GET("/v2/apis/{apiId}/integrations/{integrationId}", this::get)
			.PATCH("/v2/apis/{apiId}/integrations/{integrationId}", this::update)
			.DELETE("/v2/apis/{apiId}/integrations/{integrationId}", this::delete)
			.POST(responses, this::createResponse)
			.GET(responses, this::listResponses)
			.GET(responses + "/{integrationResponseId}", this::getResponse)
			.PATCH(responses + "/{integrationResponseId}", this::updateResponse)
			.DELETE(responses + "/{integrationResponseId}", this::deleteResponse)
			.build();
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		String integrationId = ModelIds.random();
		return V2Resources.body(request)
			.flatMap((body) -> this.apis.update(request, (definition) -> definition
				.withIntegration(V2Resources.create(body, Integration.class, Map.of("integrationId", integrationId)))))
			.flatMap((saved) -> V2Json.created(view(saved.configuration().integrations().get(integrationId))));
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return this.apis.require(request).flatMap((definition) -> {
			List<Integration> integrations = definition.configuration()
				.integrations()
				.values()
				.stream()
				.sorted(Comparator.comparing(Integration::integrationId))
				.toList();
			return V2Json.ok(V2Page.of(integrations, Integration::integrationId, request, IntegrationV2Handler::view));
		});
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return this.apis.require(request)
			.flatMap((definition) -> V2Json.ok(view(integration(definition.configuration(), request))));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String integrationId = request.pathVariable("integrationId");
		return V2Resources.body(request).flatMap((body) -> this.apis.update(request, (definition) -> {
			Integration current = integration(definition.configuration(), request);
			if (current.apiGatewayManaged()) {
				throw managed(current);
			}
			mergeParameters(body, V2Json.mapper().valueToTree(current));
			return definition.withIntegration(
					V2Resources.patch(current, body, Integration.class, "integrationId"));
		})).flatMap((saved) -> V2Json.ok(view(saved.configuration().integrations().get(integrationId))));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		return this.apis.update(request, (definition) -> {
			Integration integration = integration(definition.configuration(), request);
			if (integration.apiGatewayManaged()) {
				throw managed(integration);
			}
			return definition.withoutIntegration(integration.integrationId());
		}).then(V2Json.noContent());
	}

	private Mono<ServerResponse> createResponse(ServerRequest request) {
		String integrationId = request.pathVariable("integrationId");
		String responseId = ModelIds.random();
		return V2Resources.body(request)
			.flatMap((body) -> this.apis.update(request,
					(definition) -> definition.withIntegrationResponse(
							integration(definition.configuration(), request).integrationId(),
							V2Resources.create(body, IntegrationResponse.class,
									Map.of("integrationResponseId", responseId)))))
			.flatMap((saved) -> V2Json.created(responseView(
					saved.configuration().integrationResponsesOf(integrationId).get(responseId))));
	}

	private Mono<ServerResponse> listResponses(ServerRequest request) {
		return this.apis.require(request).flatMap((definition) -> {
			Integration integration = integration(definition.configuration(), request);
			List<IntegrationResponse> responses = definition.configuration()
				.integrationResponsesOf(integration.integrationId())
				.values()
				.stream()
				.sorted(Comparator.comparing(IntegrationResponse::integrationResponseId))
				.toList();
			return V2Json.ok(V2Page.of(responses, IntegrationResponse::integrationResponseId, request,
					IntegrationV2Handler::responseView));
		});
	}

	private Mono<ServerResponse> getResponse(ServerRequest request) {
		return this.apis.require(request)
			.flatMap((definition) -> V2Json.ok(responseView(integrationResponse(definition.configuration(), request))));
	}

	private Mono<ServerResponse> updateResponse(ServerRequest request) {
		String integrationId = request.pathVariable("integrationId");
		String responseId = request.pathVariable("integrationResponseId");
		return V2Resources.body(request).flatMap((body) -> this.apis.update(request, (definition) -> {
			IntegrationResponse current = integrationResponse(definition.configuration(), request);
			return definition.withIntegrationResponse(integrationId,
					V2Resources.patch(current, body, IntegrationResponse.class, "integrationResponseId"));
		})).flatMap((saved) -> V2Json.ok(responseView(
				saved.configuration().integrationResponsesOf(integrationId).get(responseId))));
	}

	private Mono<ServerResponse> deleteResponse(ServerRequest request) {
		return this.apis.update(request, (definition) -> {
			IntegrationResponse response = integrationResponse(definition.configuration(), request);
			return definition.withoutIntegrationResponse(request.pathVariable("integrationId"),
					response.integrationResponseId());
		}).then(V2Json.noContent());
	}

	/**
	 * Lays the body's parameter maps over the current ones key by key: {@code ""} removes a request mapping,
	 * {@code {}} the mappings of a status code.
	 */
	private static void mergeParameters(ObjectNode body, ObjectNode current) {
		for (String field : List.of("requestParameters", "responseParameters")) {
			JsonNode changes = body.get(field);
			if (!(changes instanceof ObjectNode changed)) {
				continue;
			}
			ObjectNode merged = (current.get(field) instanceof ObjectNode existing) ? existing.deepCopy()
					: V2Json.mapper().createObjectNode();
			for (Map.Entry<String, JsonNode> entry : changed.properties()) {
				JsonNode value = entry.getValue();
				boolean removal = (value.isString() && value.asString().isEmpty())
						|| (value.isObject() && value.isEmpty());
				if (removal) {
					merged.remove(entry.getKey());
				}
				else {
					merged.set(entry.getKey(), value);
				}
			}
			body.set(field, merged);
		}
	}

	static Integration integration(ApiConfiguration configuration, ServerRequest request) {
		String integrationId = request.pathVariable("integrationId");
		return configuration.integration(integrationId)
			.orElseThrow(() -> ApiModelException.notFound("Invalid Integration identifier specified " + integrationId));
	}

	private static IntegrationResponse integrationResponse(ApiConfiguration configuration, ServerRequest request) {
		Integration integration = integration(configuration, request);
		String responseId = request.pathVariable("integrationResponseId");
		IntegrationResponse response = configuration.integrationResponsesOf(integration.integrationId())
			.get(responseId);
		if (response == null) {
			throw ApiModelException.notFound("Invalid IntegrationResponse identifier specified " + responseId);
		}
		return response;
	}

	private static ApiModelException managed(Integration integration) {
		return ApiModelException.conflict("Integration " + integration.integrationId()
				+ " is managed by API Gateway (quick create) and cannot be changed or deleted");
	}

	static Object view(Integration integration) {
		return V2Resources.view(integration, Set.of());
	}

	private static Object responseView(IntegrationResponse response) {
		return V2Resources.view(response, Set.of());
	}

}
