package io.tollgate.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A REST API's own settings (AWS {@code RestApi}). Its resources, deployments and stages live beside it in
 * {@link ApiDefinition}.
 *
 * @param minimumCompressionSize the smallest response body (bytes, 0 to 10485760) gzip-compressed for clients that
 * accept it; {@code null} disables compression
 * @param version the API's own version label (such as {@code 1.0.0}), which exports carry
 * @param disableExecuteApiEndpoint whether clients must call through a custom domain rather than the default
 * endpoint; stored and returned
 */
public record RestApi(String id, String name, @Nullable String description, @Nullable Instant createdDate,
		List<String> binaryMediaTypes, ApiKeySource apiKeySource, EndpointConfiguration endpointConfiguration,
		@Nullable String policy, Map<String, String> tags, @Nullable Integer minimumCompressionSize,
		@Nullable String version, boolean disableExecuteApiEndpoint) {

	public static final int MAX_MINIMUM_COMPRESSION_SIZE = 10_485_760;

	/** An API without response compression. */
	public RestApi(String id, String name, @Nullable String description, @Nullable Instant createdDate,
			@Nullable List<String> binaryMediaTypes, @Nullable ApiKeySource apiKeySource,
			@Nullable EndpointConfiguration endpointConfiguration, @Nullable String policy,
			@Nullable Map<String, String> tags) {
		this(id, name, description, createdDate, binaryMediaTypes, apiKeySource, endpointConfiguration, policy, tags,
				null);
	}

	/** An API without a version, served on its default endpoint. */
	public RestApi(String id, String name, @Nullable String description, @Nullable Instant createdDate,
			@Nullable List<String> binaryMediaTypes, @Nullable ApiKeySource apiKeySource,
			@Nullable EndpointConfiguration endpointConfiguration, @Nullable String policy,
			@Nullable Map<String, String> tags, @Nullable Integer minimumCompressionSize) {
		this(id, name, description, createdDate, binaryMediaTypes, apiKeySource, endpointConfiguration, policy, tags,
				minimumCompressionSize, null, false);
	}

	public RestApi(String id, String name, @Nullable String description, @Nullable Instant createdDate,
			@Nullable List<String> binaryMediaTypes, @Nullable ApiKeySource apiKeySource,
			@Nullable EndpointConfiguration endpointConfiguration, @Nullable String policy,
			@Nullable Map<String, String> tags, @Nullable Integer minimumCompressionSize, @Nullable String version,
			boolean disableExecuteApiEndpoint) {
		this.id = ModelIds.requireId(id, "restApi.id");
		this.name = ModelChecks.requireText(name, "restApi.name");
		this.description = description;
		this.createdDate = createdDate;
		this.binaryMediaTypes = Immutables.list(binaryMediaTypes);
		this.apiKeySource = (apiKeySource != null) ? apiKeySource : ApiKeySource.HEADER;
		// AWS's default endpoint type.
		this.endpointConfiguration = (endpointConfiguration != null) ? endpointConfiguration
				: EndpointConfiguration.edge();
		this.policy = policy;
		this.tags = Immutables.map(tags);
		if (minimumCompressionSize != null
				&& (minimumCompressionSize < 0 || minimumCompressionSize > MAX_MINIMUM_COMPRESSION_SIZE)) {
			throw ApiModelException.badRequest("Invalid minimum compression size, must be between 0 and "
					+ MAX_MINIMUM_COMPRESSION_SIZE);
		}
		this.minimumCompressionSize = minimumCompressionSize;
		this.version = version;
		this.disableExecuteApiEndpoint = disableExecuteApiEndpoint;
	}

	public RestApi withMinimumCompressionSize(@Nullable Integer size) {
		return new RestApi(this.id, this.name, this.description, this.createdDate, this.binaryMediaTypes,
				this.apiKeySource, this.endpointConfiguration, this.policy, this.tags, size, this.version,
				this.disableExecuteApiEndpoint);
	}

	public RestApi withCreatedDate(Instant createdDate) {
		return new RestApi(this.id, this.name, this.description, createdDate, this.binaryMediaTypes,
				this.apiKeySource, this.endpointConfiguration, this.policy, this.tags, this.minimumCompressionSize,
				this.version, this.disableExecuteApiEndpoint);
	}

	public static RestApi named(String id, String name) {
		return new RestApi(id, name, null, null, null, null, null, null, null);
	}

}
