package io.tollgate.admin.v2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.admin.AdminRoutes;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.Stage;
import io.tollgate.store.DefinitionStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The v2 tag operations on HTTP and WebSocket APIs and their stages: GetTags, TagResource (201) and UntagResource
 * (204, {@code ?tagKeys=}). Resources are named by ARN, {@code arn:aws:apigateway:{region}::/apis/{apiId}} and
 * {@code arn:aws:apigateway:{region}::/apis/{apiId}/stages/{stageName}}.
 */
public final class TagsV2Handler implements AdminRoutes {

	private static final Pattern RESOURCE = Pattern
		.compile("arn:aws[a-z-]*:apigateway:[a-z0-9-]*::/apis/([A-Za-z0-9_-]+)(?:/stages/([^/]+))?");

	/** AWS's limit of tags per resource. */
	private static final int MAX_TAGS = 50;

	private final DefinitionStore<ApiV2Definition> store;

	public TagsV2Handler(DefinitionStore<ApiV2Definition> store) {
		this.store = store;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/v2/tags/{resourceArn}", this::getTags)
			.POST("/v2/tags/{resourceArn}", this::tagResource)
			.DELETE("/v2/tags/{resourceArn}", this::untagResource)
			.build();
	}

	private Mono<ServerResponse> getTags(ServerRequest request) {
		Resource resource = Resource.of(request);
		return this.store.find(resource.apiId())
			.switchIfEmpty(Mono.error(() -> V2Apis.notFound(resource.apiId())))
			.flatMap((definition) -> V2Json.ok(Map.of("tags", resource.tags(definition))));
	}

	private Mono<ServerResponse> tagResource(ServerRequest request) {
		Resource resource = Resource.of(request);
		return V2Resources.body(request).flatMap((body) -> {
			Map<String, String> added = tags(body.get("tags"));
			return update(resource, (tags) -> {
				Map<String, String> changed = new LinkedHashMap<>(tags);
				changed.putAll(added);
				if (changed.size() > MAX_TAGS) {
					throw ApiModelException.badRequest("A resource may have at most " + MAX_TAGS + " tags");
				}
				return changed;
			});
		}).then(V2Json.created(Map.of()));
	}

	private Mono<ServerResponse> untagResource(ServerRequest request) {
		Resource resource = Resource.of(request);
		List<String> keys = request.queryParams().getOrDefault("tagKeys", List.of());
		return update(resource, (tags) -> {
			Map<String, String> changed = new LinkedHashMap<>(tags);
			keys.forEach(changed::remove);
			return changed;
		}).then(V2Json.noContent());
	}

	private Mono<ApiV2Definition> update(Resource resource, UnaryOperator<Map<String, String>> change) {
		return this.store.update(resource.apiId(), (definition) -> {
			if (resource.stageName() == null) {
				return definition.withApi(definition.api().withTags(change.apply(definition.api().tags())));
			}
			Stage stage = definition.requireStage(resource.stageName());
			return definition.withStage(new Stage(stage.stageName(), stage.deploymentId(), stage.description(),
					stage.autoDeploy(), stage.stageVariables(), stage.defaultRouteSettings(), stage.routeSettings(),
					stage.accessLogSettings(), stage.clientCertificateId(), change.apply(stage.tags()),
					stage.apiGatewayManaged(), stage.lastDeploymentStatusMessage(), stage.createdDate(),
					stage.lastUpdatedDate()));
		}).onErrorMap(ApiModelException.NotFound.class,
				(ex) -> ex.getMessage().equals("Invalid API identifier specified") ? V2Apis.notFound(resource.apiId())
						: ex);
	}

	private static Map<String, String> tags(@Nullable JsonNode node) {
		if (!(node instanceof ObjectNode object)) {
			throw ApiModelException.badRequest("Tags must be specified");
		}
		Map<String, String> tags = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> tag : object.properties()) {
			if (tag.getKey().isEmpty() || tag.getKey().length() > 128 || !tag.getValue().isString()
					|| tag.getValue().asString().length() > 256) {
				throw ApiModelException.badRequest("Invalid tag " + tag.getKey()
						+ ": keys are 1 to 128 characters, values strings of at most 256");
			}
			tags.put(tag.getKey(), tag.getValue().asString());
		}
		return tags;
	}

	/** The API, or its stage, an ARN names. */
	private record Resource(String apiId, @Nullable String stageName) {

		static Resource of(ServerRequest request) {
			String arn = request.pathVariable("resourceArn");
			Matcher matcher = RESOURCE.matcher(arn);
			if (!matcher.matches()) {
				throw ApiModelException.badRequest("Invalid resource ARN " + arn
						+ ": tags are kept for HTTP and WebSocket APIs and their stages");
			}
			return new Resource(matcher.group(1), matcher.group(2));
		}

		Map<String, String> tags(ApiV2Definition definition) {
			return (this.stageName == null) ? definition.api().tags() : definition.requireStage(this.stageName).tags();
		}

	}

}
