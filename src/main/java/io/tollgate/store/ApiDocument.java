package io.tollgate.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.tollgate.model.AccessLogSettings;
import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Deployment;
import io.tollgate.model.Method;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.ModelIds;
import io.tollgate.model.Resource;
import io.tollgate.model.RestApi;
import io.tollgate.model.Stage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A definition file: one API written by hand (YAML or JSON) in the model's own field names, deployed to its stages
 * when applied. Resources are keyed by path (parents are created as needed) and methods by verb:
 *
 * <pre>
 * restApi: {id: petstore, name: PetStore}
 * resources:
 *   /pets:
 *     GET: {methodIntegration: {type: MOCK, ...}}
 * stages:
 *   prod: {variables: {backend: "http://localhost:9000"}}
 * </pre>
 *
 * Applying the same document twice changes nothing; a changed document is deployed anew, and stages and
 * deployments created in other ways are kept.
 */
public record ApiDocument(RestApi restApi, Map<String, Map<String, Method>> resources,
		Map<String, StageDocument> stages) implements DefinitionFile {

	private static final ObjectMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		// An absent boolean means false, as in AWS's documents.
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
		.build();

	private static final ObjectMapper YAML = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		// An absent boolean means false, as in AWS's documents.
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
		.build();

	/** A stage as a document declares it: served from the document's own deployment. */
	public record StageDocument(@Nullable String description, @Nullable Map<String, String> variables,
			@Nullable Map<String, MethodSetting> methodSettings, boolean cacheClusterEnabled,
			@Nullable String cacheClusterSize, boolean tracingEnabled, @Nullable AccessLogSettings accessLogSettings,
			@Nullable Map<String, String> tags) {

		Stage toStage(String name, String deploymentId) {
			return new Stage(name, deploymentId, this.description, this.variables, this.methodSettings,
					this.cacheClusterEnabled, this.cacheClusterSize, null, this.tracingEnabled,
					this.accessLogSettings, this.tags, null, null);
		}

	}

	/**
	 * Reads a document; {@code yaml} selects YAML (a superset of JSON) over strict JSON.
	 * @throws ApiModelException.BadRequest naming what is wrong, for any malformed or invalid document
	 */
	public static ApiDocument read(String content, boolean yaml) {
		ObjectMapper mapper = yaml ? YAML : JSON;
		try {
			JsonNode tree = mapper.readTree(content);
			if (tree == null || !tree.isObject()) {
				throw ApiModelException.badRequest("A definition must be an object with restApi and resources");
			}
			JsonNode resources = tree.get("resources");
			if (resources != null && resources.isObject()) {
				// The verb is the key; let a method omit its httpMethod.
				for (JsonNode methods : resources) {
					if (methods instanceof ObjectNode object) {
						object.properties().forEach((entry) -> {
							if (entry.getValue() instanceof ObjectNode method && !method.has("httpMethod")) {
								method.put("httpMethod", entry.getKey().toUpperCase(Locale.ROOT));
							}
						});
					}
				}
			}
			ApiDocument document = mapper.treeToValue(tree, ApiDocument.class);
			if (document.restApi() == null) {
				throw ApiModelException.badRequest("A definition needs a restApi with an id and a name");
			}
			return document;
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof ApiModelException invalid) {
				// A record refused its values: its message already says what is wrong, in AWS's words.
				throw invalid;
			}
			throw ApiModelException.badRequest("Invalid definition: " + ex.getOriginalMessage()
					+ ((ex.getPathReference() != null) ? " at " + ex.getPathReference() : ""));
		}
	}

	public ApiDocument {
		resources = (resources != null) ? resources : Map.of();
		stages = (stages != null) ? stages : Map.of();
	}

	@Override
	public String apiId() {
		return this.restApi.id();
	}

	/**
	 * This document applied to the stored API, or to a new one when {@code current} is {@code null}: the API's
	 * settings and resources replaced, a deployment of them added (its id derived from the content) and the
	 * document's stages pointed at it. Returns {@code current} itself when the document is applied there already.
	 * @throws ApiModelException.BadRequest when the result would be invalid; nothing is applied then
	 */
	@Override
	public ApiDefinition applyTo(@Nullable ApiDefinition current) {
		try {
			RestApi api = this.restApi;
			if (current != null && current.restApi().createdDate() != null) {
				api = api.withCreatedDate(current.restApi().createdDate());
			}
			// The tree is built in one pass and checked once: a document may hold thousands of resources.
			ApiDefinition fresh = ApiDefinition.create(api);
			Resource root = fresh.rootResource();
			Map<String, Resource> byPath = new LinkedHashMap<>();
			byPath.put(Resource.ROOT_PATH, root);
			Map<String, Map<String, Method>> methodsByPath = new LinkedHashMap<>();
			for (Map.Entry<String, Map<String, Method>> entry : this.resources.entrySet()) {
				String normalized = normalize(entry.getKey());
				if (methodsByPath.containsKey(normalized)) {
					// Two keys (such as "/pets" and "/pets/") name one resource.
					throw ApiModelException.badRequest("Another resource with the same parent already has this name: "
							+ normalized.substring(normalized.lastIndexOf('/') + 1));
				}
				for (Map.Entry<String, Method> method : entry.getValue().entrySet()) {
					if (!method.getKey().equalsIgnoreCase(method.getValue().httpMethod())) {
						throw ApiModelException.badRequest("Method key " + method.getKey() + " of " + entry.getKey()
								+ " does not match its httpMethod " + method.getValue().httpMethod());
					}
				}
				methodsByPath.put(normalized, entry.getValue());
			}
			List<String> paths = new ArrayList<>(methodsByPath.keySet());
			paths.sort(Comparator.comparingInt(ApiDocument::depth));
			for (String path : paths) {
				ensureResource(api.id(), path, byPath);
			}
			List<Resource> resources = new ArrayList<>(byPath.size());
			for (Resource resource : byPath.values()) {
				Map<String, Method> methods = methodsByPath.get(resource.path());
				resources.add((methods == null) ? resource : new Resource(resource.id(), resource.parentId(),
						resource.pathPart(), resource.path(), methods));
			}
			ApiDefinition edited = new ApiDefinition(fresh.restApi(), resources, null, null, null, 0);
			Map<String, Deployment> deployments = new LinkedHashMap<>();
			Map<String, Stage> stagesByName = new LinkedHashMap<>();
			if (current != null) {
				deployments.putAll(current.deployments());
				stagesByName.putAll(current.stages());
			}
			// Definition files do not declare authorizers and the like (yet): those made otherwise are kept.
			ApiComponents components = (current != null) ? current.components() : ApiComponents.EMPTY;
			ApiDefinition result = new ApiDefinition(edited.restApi(), edited.resources(), components, deployments,
					stagesByName, (current != null) ? current.version() + 1 : 0);
			boolean changed = current == null || !current.restApi().equals(edited.restApi())
					|| !current.resources().equals(edited.resources());
			if (!this.stages.isEmpty()) {
				String deploymentId = ModelIds.derived(ModelJson.mapper().writeValueAsString(this));
				if (!result.deployments().containsKey(deploymentId)) {
					result = result.withDeployment(deploymentId, "Deployed from a definition file");
					changed = true;
				}
				for (Map.Entry<String, StageDocument> stage : this.stages.entrySet()) {
					Stage declared = stage.getValue().toStage(stage.getKey(), deploymentId);
					Stage existing = result.stages().get(stage.getKey());
					if (existing == null || !sameDeclaration(existing, declared)) {
						changed = true;
						result = result.withStage((existing != null && existing.canarySettings() != null)
								? declared.withCanarySettings(existing.canarySettings()) : declared);
					}
				}
			}
			if (!changed) {
				return current;
			}
			return result.withVersion((current != null) ? current.version() + 1 : 0);
		}
		catch (ApiModelException.Conflict ex) {
			// In a document a duplicate is malformed input, not a race with another writer.
			throw ApiModelException.badRequest(ex.getMessage());
		}
	}

	private static boolean sameDeclaration(Stage a, Stage b) {
		return a.deploymentId().equals(b.deploymentId()) && a.variables().equals(b.variables())
				&& a.methodSettings().equals(b.methodSettings()) && a.cacheClusterEnabled() == b.cacheClusterEnabled()
				&& Objects.equals(a.description(), b.description())
				&& Objects.equals(a.cacheClusterSize(), b.cacheClusterSize())
				&& a.tracingEnabled() == b.tracingEnabled()
				&& Objects.equals(a.accessLogSettings(), b.accessLogSettings())
				&& a.tags().equals(b.tags());
	}

	/** Adds the resource at {@code path} and its missing parents, each with its derived id. */
	private static Resource ensureResource(String apiId, String path, Map<String, Resource> byPath) {
		Resource existing = byPath.get(path);
		if (existing != null) {
			return existing;
		}
		int slash = path.lastIndexOf('/');
		Resource parent = ensureResource(apiId, (slash == 0) ? Resource.ROOT_PATH : path.substring(0, slash), byPath);
		Resource created = new Resource(ModelIds.derived(apiId + ":" + path), parent.id(), path.substring(slash + 1),
				path, null);
		byPath.put(path, created);
		return created;
	}

	private static String normalize(String path) {
		if (!path.startsWith("/")) {
			throw ApiModelException.badRequest("Resource paths start with '/': " + path);
		}
		String trimmed = (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
		if (trimmed.contains("//")) {
			throw ApiModelException.badRequest("Resource path has an empty path part: " + path);
		}
		return trimmed;
	}

	private static int depth(String path) {
		return (int) path.chars().filter((c) -> c == '/').count();
	}

}
