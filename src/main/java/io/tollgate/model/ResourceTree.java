package io.tollgate.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An API's resource tree being checked or edited: each resource is checked as it is added (parents before their
 * children), against indexes by id and path, so that building or checking a tree of n resources costs O(n). An
 * import of thousands of paths edits one tree and makes one {@link ApiDefinition} of it; a definition per added
 * resource would check the whole tree each time.
 */
public final class ResourceTree {

	private final String apiId;

	private final List<Resource> resources = new ArrayList<>();

	private final Map<String, Integer> indexById = new HashMap<>();

	private final Map<String, Resource> byPath = new HashMap<>();

	private final Set<String> siblingNames = new HashSet<>();

	private final Set<String> variableSiblings = new HashSet<>();

	private ResourceTree(String apiId) {
		this.apiId = apiId;
	}

	/** The tree of these resources, checked; the first must be the root. */
	public static ResourceTree of(String apiId, List<Resource> resources) {
		if (resources.isEmpty() || resources.get(0).parentId() != null) {
			throw ApiModelException.badRequest("The first resource of an API must be its root '/'");
		}
		ResourceTree tree = new ResourceTree(apiId);
		resources.forEach(tree::add);
		return tree;
	}

	/** Checks a resource list as {@link ApiDefinition} holds it. */
	static List<Resource> check(List<Resource> resources) {
		of("", resources);
		return resources;
	}

	public Optional<Resource> byPath(String path) {
		return Optional.ofNullable(this.byPath.get(path));
	}

	/** The resources, parents before their children, the root first. */
	public List<Resource> resources() {
		return List.copyOf(this.resources);
	}

	/**
	 * Adds a child resource; the path part must be new among the parent's children.
	 * @param resourceId the id to give it, or {@code null} for one derived from the API id and the path
	 * @return the resource added
	 */
	public Resource add(String parentId, String pathPart, @Nullable String resourceId) {
		Integer parentIndex = this.indexById.get(parentId);
		if (parentIndex == null) {
			throw ApiModelException.notFound("Invalid Resource identifier specified");
		}
		String path = this.resources.get(parentIndex).childPath(pathPart);
		String id = resourceId;
		if (id == null) {
			// Derived ids keep reloaded definition files stable; a path used before (then moved) gets a fresh one.
			id = ModelIds.derived(this.apiId + ":" + path);
			if (this.indexById.containsKey(id)) {
				id = ModelIds.random();
			}
		}
		Resource resource = new Resource(id, parentId, pathPart, path, null);
		add(resource);
		return resource;
	}

	/**
	 * The resource at this path, created with its missing ancestors when absent.
	 * @param knownIds ids to give created resources by path (an overwritten resource keeps its id)
	 */
	public Resource ensure(String path, Map<String, String> knownIds) {
		Resource existing = this.byPath.get(path);
		if (existing != null) {
			return existing;
		}
		int slash = path.lastIndexOf('/');
		if (slash < 0) {
			throw ApiModelException.badRequest("Resource path " + path + " does not start with '/'");
		}
		Resource parent = ensure((slash == 0) ? Resource.ROOT_PATH : path.substring(0, slash), knownIds);
		return add(parent.id(), path.substring(slash + 1), knownIds.get(path));
	}

	/** Puts a method on a resource, replacing one with the same verb. */
	public void putMethod(String resourceId, Method method) {
		Integer index = this.indexById.get(resourceId);
		if (index == null) {
			throw ApiModelException.notFound("Invalid Resource identifier specified");
		}
		Resource changed = this.resources.get(index).withMethod(method);
		this.resources.set(index, changed);
		this.byPath.put(changed.path(), changed);
	}

	/** Checks the resource against the tree so far, then adds it; a refused resource leaves the tree as it was. */
	private void add(Resource resource) {
		if (this.indexById.containsKey(resource.id())) {
			throw ApiModelException.badRequest("Duplicate resource id " + resource.id());
		}
		if (resource.parentId() == null) {
			if (!this.resources.isEmpty()) {
				throw ApiModelException.badRequest("An API has exactly one root resource");
			}
		}
		else {
			Integer parentIndex = this.indexById.get(resource.parentId());
			if (parentIndex == null) {
				throw ApiModelException.badRequest("Invalid parent id " + resource.parentId() + " of resource "
						+ resource.path() + " (parents must come before their children)");
			}
			Resource parent = this.resources.get(parentIndex);
			if (parent.isGreedy()) {
				throw ApiModelException.badRequest(
						"Cannot create a child of a resource with a greedy path variable: " + parent.path());
			}
			if (!resource.path().equals(parent.childPath(resource.pathPart()))) {
				throw ApiModelException.badRequest(
						"Resource path " + resource.path() + " does not match its parent's path and its path part");
			}
			String siblingName = resource.parentId() + "/" + resource.pathPart();
			if (this.siblingNames.contains(siblingName)) {
				throw ApiModelException
					.conflict("Another resource with the same parent already has this name: " + resource.pathPart());
			}
			boolean variable = resource.pathPart().startsWith("{");
			if (variable && this.variableSiblings.contains(resource.parentId())) {
				throw ApiModelException.badRequest("A sibling of " + resource.path()
						+ " already has a variable path part -- only one is allowed");
			}
			this.siblingNames.add(siblingName);
			if (variable) {
				this.variableSiblings.add(resource.parentId());
			}
		}
		this.indexById.put(resource.id(), this.resources.size());
		this.byPath.put(resource.path(), resource);
		this.resources.add(resource);
	}

}
