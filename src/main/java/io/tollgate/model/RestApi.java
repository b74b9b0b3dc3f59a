package io.tollgate.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A REST API's own settings (AWS {@code RestApi}). Its resources, deployments and stages live beside it in
 * {@link ApiDefinition}.
 */
public record RestApi(String id, String name, @Nullable String description, @Nullable Instant createdDate,
		List<String> binaryMediaTypes, ApiKeySource apiKeySource, EndpointConfiguration endpointConfiguration,
		@Nullable String policy, Map<String, String> tags) {

	public RestApi(String id, String name, @Nullable String description, @Nullable Instant createdDate,
			@Nullable List<String> binaryMediaTypes, @Nullable ApiKeySource apiKeySource,
			@Nullable EndpointConfiguration endpointConfiguration, @Nullable String policy,
			@Nullable Map<String, String> tags) {
		this.id = ModelIds.requireId(id, "restApi.id");
		this.name = ModelChecks.requireText(name, "restApi.name");
		this.description = description;
		this.createdDate = createdDate;
		this.binaryMediaTypes = Immutables.list(binaryMediaTypes);
		this.apiKeySource = (apiKeySource != null) ? apiKeySource : ApiKeySource.HEADER;
		this.endpointConfiguration = (endpointConfiguration != null) ? endpointConfiguration
				: EndpointConfiguration.regional();
		this.policy = policy;
		this.tags = Immutables.map(tags);
	}

	public static RestApi named(String id, String name) {
		return new RestApi(id, name, null, null, null, null, null, null, null);
	}

}
