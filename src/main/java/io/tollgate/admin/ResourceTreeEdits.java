package io.tollgate.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Changes of an API's resource tree that the model leaves to its callers: moving or renaming a resource (the paths
 * of its whole subtree follow) and deleting a subtree. The result goes through {@link ApiDefinition#withResources},
 * whose checks (sibling names, greedy parents) refuse an invalid tree as a whole.
 */
final class ResourceTreeEdits {

	static final String INVALID_RESOURCE = "Invalid Resource identifier specified";

	private ResourceTreeEdits() {
	}

	static Resource require(ApiDefinition api, String resourceId) {
		return api.resource(resourceId).orElseThrow(() -> ApiModelException.notFound(INVALID_RESOURCE));
	}

	/** The same API with one resource replaced by another with the same id. */
	static ApiDefinition replaced(ApiDefinition api, Resource changed) {
		List<Resource> resources = new ArrayList<>(api.resources().size());
		for (Resource resource : api.resources()) {
			resources.add(resource.id().equals(changed.id()) ? changed : resource);
		}
		return api.withResources(resources);
	}

	/**
	 * Gives a resource another parent and path part and recomputes the paths below it. Parents stay ahead of their
	 * children in the list, as the model requires, even when the new parent came later.
	 */
	static ApiDefinition moved(ApiDefinition api, String resourceId, String parentId, String pathPart) {
		Resource target = require(api, resourceId);
		if (target.parentId() == null) {
			throw ApiModelException.badRequest("The root resource cannot be modified");
		}
		require(api, parentId);
		for (String ancestor = parentId; ancestor != null; ancestor = parentOf(api, ancestor)) {
			if (ancestor.equals(resourceId)) {
				throw ApiModelException.badRequest("Resources cannot be cyclical.");
			}
		}
		List<Resource> placed = new ArrayList<>(api.resources().size());
		Map<String, Resource> placedById = new HashMap<>();
		List<Resource> pending = new ArrayList<>(api.resources());
		while (!pending.isEmpty()) {
			int before = pending.size();
			for (var iterator = pending.iterator(); iterator.hasNext();) {
				Resource resource = iterator.next();
				boolean isTarget = resource.id().equals(resourceId);
				String newParentId = isTarget ? parentId : resource.parentId();
				Resource parent = (newParentId != null) ? placedById.get(newParentId) : null;
				if (newParentId != null && parent == null) {
					continue;
				}
				String newPathPart = isTarget ? pathPart : resource.pathPart();
				Resource moved = (parent == null) ? resource
						: new Resource(resource.id(), newParentId, newPathPart,
								parent.childPath(Objects.requireNonNull(newPathPart)), resource.resourceMethods());
				placed.add(moved);
				placedById.put(moved.id(), moved);
				iterator.remove();
			}
			if (pending.size() == before) {
				throw ApiModelException.badRequest("Resources cannot be cyclical.");
			}
		}
		return api.withResources(placed);
	}

	/** Deletes a resource with every resource below it; the root cannot be deleted. */
	static ApiDefinition withoutSubtree(ApiDefinition api, String resourceId) {
		Resource target = require(api, resourceId);
		if (target.parentId() == null) {
			throw ApiModelException.badRequest("Cannot delete root resource");
		}
		// Parents come before their children, so one pass finds the whole subtree.
		Set<String> deleted = new HashSet<>();
		deleted.add(resourceId);
		List<Resource> kept = new ArrayList<>(api.resources().size());
		for (Resource resource : api.resources()) {
			if (resource.parentId() != null && deleted.contains(resource.parentId())) {
				deleted.add(resource.id());
			}
			else if (!deleted.contains(resource.id())) {
				kept.add(resource);
			}
		}
		return api.withResources(kept);
	}

	private static @Nullable String parentOf(ApiDefinition api, String resourceId) {
		return api.resource(resourceId).map(Resource::parentId).orElse(null);
	}

}
