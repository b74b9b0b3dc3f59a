package io.tollgate.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.ModelIds;
import io.tollgate.model.v2.Api;
import io.tollgate.model.v2.ApiConfiguration;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.Authorizer;
import io.tollgate.model.v2.Integration;
import io.tollgate.model.v2.Model;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.Stage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A definition file of an HTTP or WebSocket API, in the v2 model's field names (AWS's). Integrations, authorizers
 * and models are keyed by their ids, routes by their keys, stages by their names:
 *
 * <pre>
 * api: {apiId: pets, name: Pets, protocolType: HTTP}
 * integrations:
 *   hello: {integrationType: AWS_PROXY, integrationUri: "arn:aws:lambda:...:function:hello", payloadFormatVersion: "2.0"}
 * routes:
 *   GET /pets: {target: integrations/hello}
 * stages:
 *   $default: {autoDeploy: true}
 * </pre>
 *
 * The file is the API's whole configuration: applying it replaces the routes, integrations, authorizers and models,
 * and deploys them to the stages it lists (a stage with {@code autoDeploy} deploys itself); stages not listed are
 * removed. Applying the same document twice changes nothing.
 */
public record ApiV2Document(Api api, Map<String, Integration> integrations, Map<String, Authorizer> authorizers,
		Map<String, Model> models, Map<String, Route> routes, Map<String, Stage> stages) {

	/** The top-level field that tells a v2 definition file from a REST API's ({@code restApi}). */
	public static final String MARKER = "api";

	private static final ObjectMapper YAML = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
		.build();

	public ApiV2Document(Api api, @Nullable Map<String, Integration> integrations,
			@Nullable Map<String, Authorizer> authorizers, @Nullable Map<String, Model> models,
			@Nullable Map<String, Route> routes, @Nullable Map<String, Stage> stages) {
		this.api = Objects.requireNonNull(api);
		this.integrations = (integrations != null) ? integrations : Map.of();
		this.authorizers = (authorizers != null) ? authorizers : Map.of();
		this.models = (models != null) ? models : Map.of();
		this.routes = (routes != null) ? routes : Map.of();
		this.stages = (stages != null) ? stages : Map.of();
	}

	/** Whether a parsed file is a v2 definition. */
	static boolean isV2(JsonNode tree) {
		return tree.isObject() && tree.has(MARKER) && !tree.has("restApi");
	}

	/**
	 * Reads a document (YAML, a superset of JSON); the keys of the maps become the ids, route keys and stage names
	 * of their entries, and an API without {@code apiId} takes {@code defaultApiId} (the file's name).
	 * @throws ApiModelException.BadRequest naming what is wrong
	 */
	static ApiV2Document read(JsonNode tree, String defaultApiId) {
		try {
			ObjectNode document = (ObjectNode) tree.deepCopy();
			if (document.get(MARKER) instanceof ObjectNode api && !api.has("apiId")) {
				api.put("apiId", defaultApiId);
			}
			String apiId = (document.get(MARKER) != null && document.get(MARKER).has("apiId"))
					? document.get(MARKER).get("apiId").asString() : defaultApiId;
			keyed(document, "integrations", "integrationId", null);
			keyed(document, "authorizers", "authorizerId", null);
			keyed(document, "models", "modelId", null);
			keyed(document, "routes", "routeKey", apiId);
			keyed(document, "stages", "stageName", null);
			ApiV2Document read = YAML.treeToValue(document, ApiV2Document.class);
			if (read.api() == null) {
				throw ApiModelException.badRequest("A definition needs an api with a name and a protocolType");
			}
			return read;
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof ApiModelException invalid) {
				throw invalid;
			}
			throw ApiModelException.badRequest("Invalid definition: " + ex.getOriginalMessage()
					+ ((ex.getPathReference() != null) ? " at " + ex.getPathReference() : ""));
		}
	}

	static ObjectMapper yaml() {
		return YAML;
	}

	/** Puts each entry's key into the entry as {@code field}; routes also get an id derived from their key. */
	private static void keyed(ObjectNode document, String section, String field, @Nullable String routeIdsOf) {
		if (document.get(section) instanceof ObjectNode entries) {
			entries.properties().forEach((entry) -> {
				if (entry.getValue() instanceof ObjectNode value) {
					value.put(field, entry.getKey());
					if (routeIdsOf != null && !value.has("routeId")) {
						value.put("routeId", ModelIds.derived(routeIdsOf + ":" + entry.getKey()));
					}
				}
				else if (entry.getValue().isNull() || entry.getValue().isMissingNode()) {
					ObjectNode value = document.objectNode();
					value.put(field, entry.getKey());
					if (routeIdsOf != null) {
						value.put("routeId", ModelIds.derived(routeIdsOf + ":" + entry.getKey()));
					}
					entries.set(entry.getKey(), value);
				}
			});
		}
	}

	public String apiId() {
		return this.api.apiId();
	}

	/**
	 * This document applied to the stored API, or to a new one when {@code current} is {@code null}; {@code current}
	 * itself when the document is applied there already.
	 * @throws ApiModelException.BadRequest when the result would be invalid; nothing is applied then
	 */
	public ApiV2Definition applyTo(@Nullable ApiV2Definition current) {
		Instant created = (current != null && current.api().createdDate() != null) ? current.api().createdDate()
				: Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Api settings = this.api.withCreatedDate(created);
		ApiConfiguration configuration = ApiConfiguration.of(settings);
		for (Integration integration : this.integrations.values()) {
			configuration = configuration.withIntegration(integration);
		}
		for (Authorizer authorizer : this.authorizers.values()) {
			configuration = configuration.withAuthorizer(authorizer);
		}
		for (Model model : this.models.values()) {
			configuration = configuration.withModel(model);
		}
		for (Route route : this.routes.values()) {
			configuration = configuration.withRoute(route);
		}
		if (current != null && current.configuration().equals(configuration) && stagesApplied(current)) {
			return current;
		}
		ApiV2Definition next = (current != null) ? current : ApiV2Definition.create(settings);
		if (current != null && !current.api().protocolType().equals(settings.protocolType())) {
			throw ApiModelException.badRequest("The protocol type of API " + apiId() + " cannot change");
		}
		next = next.withConfiguration(configuration);
		for (String stageName : Map.copyOf(next.stages()).keySet()) {
			if (!this.stages.containsKey(stageName)) {
				next = next.withoutStage(stageName);
			}
		}
		for (Stage stage : this.stages.values()) {
			Stage existing = next.stage(stage.stageName()).orElse(null);
			next = next.withStage(stage.withDeployment((existing != null) ? existing.deploymentId() : null));
			boolean served = configuration.equals(next.deployedConfiguration(stage.stageName()).orElse(null));
			if (!stage.autoDeploy() && !served) {
				next = next.withDeployment(newDeploymentId(next), null, stage.stageName());
			}
		}
		return dropUnserved(next);
	}

	/** Whether every stage of the document is there, as declared and serving the current configuration. */
	private boolean stagesApplied(ApiV2Definition current) {
		if (!current.stages().keySet().equals(this.stages.keySet())) {
			return false;
		}
		for (Stage declared : this.stages.values()) {
			Stage stored = current.stages().get(declared.stageName());
			Stage comparable = declared.withDeployment(stored.deploymentId())
				.withDates(stored.createdDate(), stored.lastUpdatedDate());
			if (!comparable.equals(stored)
					|| !current.configuration().equals(current.deployedConfiguration(stored.stageName()).orElse(null))) {
				return false;
			}
		}
		return true;
	}

	/** Deployments of earlier versions of the file that no stage serves any more. */
	private static ApiV2Definition dropUnserved(ApiV2Definition definition) {
		ApiV2Definition result = definition;
		Map<String, Boolean> served = new LinkedHashMap<>();
		definition.stages().values().forEach((stage) -> {
			if (stage.deploymentId() != null) {
				served.put(stage.deploymentId(), true);
			}
		});
		for (String deploymentId : definition.deployments().keySet()) {
			if (!served.containsKey(deploymentId)) {
				result = result.withoutDeployment(deploymentId);
			}
		}
		return result;
	}

	private static String newDeploymentId(ApiV2Definition definition) {
		String id = ModelIds.random();
		while (definition.deployments().containsKey(id)) {
			id = ModelIds.random();
		}
		return id;
	}

}
