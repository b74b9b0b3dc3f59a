package io.tollgate.model;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of a REST API's settings, resource tree and components (authorizers, ...), taken when the API is deployed (AWS
 * {@code Deployment}). Stages serve deployments, never the API's current, editable state.
 */
public record Deployment(String id, @Nullable String description, Instant createdDate, RestApi api,
		List<Resource> resources, ApiComponents components) {

	public Deployment(String id, @Nullable String description, Instant createdDate, RestApi api,
			@Nullable List<Resource> resources, @Nullable ApiComponents components) {
		this.id = ModelIds.requireId(id, "deployment.id");
		this.description = description;
		this.createdDate = ModelChecks.require(createdDate, "deployment.createdDate");
		this.api = ModelChecks.require(api, "deployment.api");
		this.resources = Immutables.list(resources);
		this.components = (components != null) ? components : ApiComponents.EMPTY;
	}

	public long methodCount() {
		return this.resources.stream().mapToLong((resource) -> resource.resourceMethods().size()).sum();
	}

}
