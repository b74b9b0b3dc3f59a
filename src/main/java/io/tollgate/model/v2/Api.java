package io.tollgate.model.v2;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.Immutables;
import io.tollgate.model.ModelChecks;
import io.tollgate.model.ModelIds;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP or WebSocket API's own settings (AWS {@code Api}); its routes, integrations and authorizers live beside it
 * in {@link ApiConfiguration}, its stages and deployments in {@link ApiV2Definition}. Defaults are AWS's and echoed:
 * an HTTP API's {@code routeSelectionExpression} is always {@value #HTTP_ROUTE_SELECTION} (AWS also accepts
 * {@code ${request.method} ${request.path}}), {@code apiKeySelectionExpression} {@value #DEFAULT_API_KEY_SELECTION},
 * {@code ipAddressType} {@code ipv4}.
 *
 * @param corsConfiguration HTTP APIs only
 * @param disableSchemaValidation WebSocket APIs only; stored and echoed
 * @param importInfo messages of the OpenAPI import that made the API
 * @param warnings warnings of the OpenAPI import that made the API
 */
public record Api(String apiId, String name, ProtocolType protocolType, String routeSelectionExpression,
		String apiKeySelectionExpression, @Nullable Cors corsConfiguration, boolean disableExecuteApiEndpoint,
		@Nullable Boolean disableSchemaValidation, @Nullable String version, @Nullable String description,
		Map<String, String> tags, String ipAddressType, @Nullable Instant createdDate, List<String> importInfo,
		List<String> warnings) {

	/** What an HTTP API's route selection expression is, and how GetApi shows it. */
	public static final String HTTP_ROUTE_SELECTION = "$request.method $request.path";

	public static final String DEFAULT_API_KEY_SELECTION = "$request.header.x-api-key";

	private static final Set<String> HTTP_ROUTE_SELECTION_FORMS = Set.of(HTTP_ROUTE_SELECTION,
			"${request.method} ${request.path}");

	private static final Set<String> IP_ADDRESS_TYPES = Set.of("ipv4", "dualstack");

	public Api(String apiId, String name, ProtocolType protocolType, @Nullable String routeSelectionExpression,
			@Nullable String apiKeySelectionExpression, @Nullable Cors corsConfiguration,
			boolean disableExecuteApiEndpoint, @Nullable Boolean disableSchemaValidation, @Nullable String version,
			@Nullable String description, @Nullable Map<String, String> tags, @Nullable String ipAddressType,
			@Nullable Instant createdDate, @Nullable List<String> importInfo, @Nullable List<String> warnings) {
		this.apiId = ModelIds.requireId(apiId, "apiId");
		if (name == null || name.isBlank() || name.length() > 128) {
			throw ApiModelException.badRequest("Invalid name: must be 1 to 128 characters");
		}
		this.name = name;
		this.protocolType = ModelChecks.require(protocolType, "protocolType");
		if (protocolType == ProtocolType.HTTP) {
			if (routeSelectionExpression != null && !HTTP_ROUTE_SELECTION_FORMS.contains(routeSelectionExpression)) {
				throw ApiModelException.badRequest(
						"Invalid routeSelectionExpression: an HTTP API's is ${request.method} ${request.path}");
			}
			this.routeSelectionExpression = HTTP_ROUTE_SELECTION;
		}
		else {
			this.routeSelectionExpression = ModelChecks.requireText(routeSelectionExpression,
					"routeSelectionExpression");
			if (corsConfiguration != null) {
				throw ApiModelException.badRequest("CORS configuration is supported only for HTTP APIs");
			}
		}
		this.apiKeySelectionExpression = (apiKeySelectionExpression != null) ? apiKeySelectionExpression
				: DEFAULT_API_KEY_SELECTION;
		this.corsConfiguration = corsConfiguration;
		this.disableExecuteApiEndpoint = disableExecuteApiEndpoint;
		this.disableSchemaValidation = disableSchemaValidation;
		this.version = version;
		if (description != null && description.length() > 1024) {
			throw ApiModelException.badRequest("Invalid description: at most 1024 characters");
		}
		this.description = description;
		this.tags = Immutables.map(tags);
		String ipType = (ipAddressType != null) ? ipAddressType : "ipv4";
		if (!IP_ADDRESS_TYPES.contains(ipType)) {
			throw ApiModelException.badRequest("Invalid ipAddressType " + ipAddressType + ": ipv4 or dualstack");
		}
		this.ipAddressType = ipType;
		this.createdDate = createdDate;
		this.importInfo = Immutables.list(importInfo);
		this.warnings = Immutables.list(warnings);
	}

	/** A new API with AWS's defaults for everything but its name and type. */
	public static Api of(String apiId, String name, ProtocolType protocolType,
			@Nullable String routeSelectionExpression) {
		return new Api(apiId, name, protocolType, routeSelectionExpression, null, null, false, null, null, null, null,
				null, null, null, null);
	}

	public boolean isHttp() {
		return this.protocolType == ProtocolType.HTTP;
	}

	/**
	 * AWS's {@code apiEndpoint}: {@code https://{apiId}.execute-api.{region}.amazonaws.com} for HTTP APIs, the same
	 * with {@code wss://} for WebSocket APIs; no stage, no trailing slash.
	 */
	public String apiEndpoint(String region) {
		String scheme = isHttp() ? "https" : "wss";
		return scheme + "://" + this.apiId + ".execute-api." + region + ".amazonaws.com";
	}

	public Api withCreatedDate(Instant created) {
		return new Api(this.apiId, this.name, this.protocolType, this.routeSelectionExpression,
				this.apiKeySelectionExpression, this.corsConfiguration, this.disableExecuteApiEndpoint,
				this.disableSchemaValidation, this.version, this.description, this.tags, this.ipAddressType, created,
				this.importInfo, this.warnings);
	}

	public Api withCorsConfiguration(@Nullable Cors cors) {
		return new Api(this.apiId, this.name, this.protocolType, this.routeSelectionExpression,
				this.apiKeySelectionExpression, cors, this.disableExecuteApiEndpoint, this.disableSchemaValidation,
				this.version, this.description, this.tags, this.ipAddressType, this.createdDate, this.importInfo,
				this.warnings);
	}

	public Api withTags(@Nullable Map<String, String> newTags) {
		return new Api(this.apiId, this.name, this.protocolType, this.routeSelectionExpression,
				this.apiKeySelectionExpression, this.corsConfiguration, this.disableExecuteApiEndpoint,
				this.disableSchemaValidation, this.version, this.description, newTags, this.ipAddressType,
				this.createdDate, this.importInfo, this.warnings);
	}

}
