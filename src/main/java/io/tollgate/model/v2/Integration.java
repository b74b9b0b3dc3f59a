package io.tollgate.model.v2;

import java.util.Map;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.HttpVerbs;
import io.tollgate.model.Immutables;
import io.tollgate.model.IntegrationType;
import io.tollgate.model.ModelChecks;
import io.tollgate.model.ModelIds;
import io.tollgate.model.PassthroughBehavior;
import org.jspecify.annotations.Nullable;

/**
 * A backend of an HTTP or WebSocket API's routes (AWS {@code Integration}). Values AWS fills in are filled in by
 * {@link #completed(ProtocolType)} when the integration joins an API, and from then on echoed:
 * <ul>
 * <li>HTTP APIs: only {@code AWS_PROXY} and {@code HTTP_PROXY}; {@code timeoutInMillis} 50&ndash;30000, default
 * 30000; {@code payloadFormatVersion} {@code 1.0} or {@code 2.0} for Lambda ({@code AWS_PROXY}, required),
 * {@code 1.0} otherwise;</li>
 * <li>WebSocket APIs: every type; {@code timeoutInMillis} 50&ndash;29000, default 29000;
 * {@code payloadFormatVersion} {@code 1.0}; {@code integrationResponseSelectionExpression}
 * {@code ${integration.response.statuscode}}; non-proxy types {@code passthroughBehavior} {@code WHEN_NO_MATCH};</li>
 * <li>both: {@code connectionType} {@code INTERNET}; Lambda ({@code AWS_PROXY}) {@code integrationMethod}
 * {@code POST}.</li>
 * </ul>
 *
 * @param integrationUri Lambda: the function ARN or its {@code arn:aws:apigateway:...:lambda:path/...} invocation
 * form; HTTP: the URL (may hold {@code {param}} and {@code ${stageVariables.x}})
 * @param requestParameters HTTP APIs: {@code append|overwrite|remove:header.x} (or {@code querystring.x},
 * {@code overwrite:path}) → value; WebSocket: {@code integration.request.header.x} → source
 * @param responseParameters HTTP APIs: integration status code → (mapping → value)
 */
public record Integration(String integrationId, IntegrationType integrationType, @Nullable String integrationUri,
		@Nullable String integrationMethod, @Nullable String payloadFormatVersion, @Nullable Integer timeoutInMillis,
		@Nullable String connectionType, @Nullable String connectionId, @Nullable String credentialsArn,
		@Nullable String description, Map<String, String> requestParameters,
		Map<String, Map<String, String>> responseParameters, Map<String, String> requestTemplates,
		@Nullable String templateSelectionExpression, @Nullable PassthroughBehavior passthroughBehavior,
		@Nullable String contentHandlingStrategy, @Nullable String integrationResponseSelectionExpression,
		@Nullable String integrationSubtype, @Nullable TlsConfig tlsConfig, boolean apiGatewayManaged) {

	public static final int MIN_TIMEOUT = 50;

	public static final int HTTP_API_MAX_TIMEOUT = 30_000;

	public static final int WEBSOCKET_MAX_TIMEOUT = 29_000;

	public static final String INTERNET = "INTERNET";

	public static final String DEFAULT_RESPONSE_SELECTION = "${integration.response.statuscode}";

	private static final Set<String> CONNECTION_TYPES = Set.of(INTERNET, "VPC_LINK");

	private static final Set<String> CONTENT_HANDLING = Set.of("CONVERT_TO_BINARY", "CONVERT_TO_TEXT");

	public Integration(String integrationId, IntegrationType integrationType, @Nullable String integrationUri,
			@Nullable String integrationMethod, @Nullable String payloadFormatVersion,
			@Nullable Integer timeoutInMillis, @Nullable String connectionType, @Nullable String connectionId,
			@Nullable String credentialsArn, @Nullable String description,
			@Nullable Map<String, String> requestParameters,
			@Nullable Map<String, Map<String, String>> responseParameters,
			@Nullable Map<String, String> requestTemplates, @Nullable String templateSelectionExpression,
			@Nullable PassthroughBehavior passthroughBehavior, @Nullable String contentHandlingStrategy,
			@Nullable String integrationResponseSelectionExpression, @Nullable String integrationSubtype,
			@Nullable TlsConfig tlsConfig, boolean apiGatewayManaged) {
		this.integrationId = ModelIds.requireId(integrationId, "integrationId");
		this.integrationType = ModelChecks.require(integrationType, "integrationType");
		this.integrationUri = integrationUri;
		this.integrationMethod = (integrationMethod != null) ? HttpVerbs.require(integrationMethod, "integration")
				: null;
		this.payloadFormatVersion = payloadFormatVersion;
		this.timeoutInMillis = timeoutInMillis;
		if (connectionType != null && !CONNECTION_TYPES.contains(connectionType)) {
			throw ApiModelException.badRequest("Invalid connectionType " + connectionType
					+ ": must be INTERNET or VPC_LINK");
		}
		this.connectionType = connectionType;
		this.connectionId = connectionId;
		this.credentialsArn = credentialsArn;
		this.description = description;
		this.requestParameters = Immutables.map(requestParameters);
		Map<String, Map<String, String>> responses = new java.util.LinkedHashMap<>();
		if (responseParameters != null) {
			responseParameters.forEach((status, mappings) -> responses.put(status, Immutables.map(mappings)));
		}
		this.responseParameters = Immutables.map(responses);
		this.requestTemplates = ModelChecks.templates(Immutables.map(requestTemplates));
		this.templateSelectionExpression = templateSelectionExpression;
		this.passthroughBehavior = passthroughBehavior;
		if (contentHandlingStrategy != null && !CONTENT_HANDLING.contains(contentHandlingStrategy)) {
			throw ApiModelException.badRequest("Invalid contentHandlingStrategy " + contentHandlingStrategy
					+ ": must be CONVERT_TO_BINARY or CONVERT_TO_TEXT");
		}
		this.contentHandlingStrategy = contentHandlingStrategy;
		this.integrationResponseSelectionExpression = integrationResponseSelectionExpression;
		this.integrationSubtype = integrationSubtype;
		this.tlsConfig = tlsConfig;
		this.apiGatewayManaged = apiGatewayManaged;
	}

	/** A Lambda proxy integration of {@code functionArn}. */
	public static Integration lambdaProxy(String integrationId, String functionArn, String payloadFormatVersion) {
		return new Integration(integrationId, IntegrationType.AWS_PROXY, functionArn, "POST", payloadFormatVersion,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, false);
	}

	/** An HTTP proxy integration of {@code url} with {@code method} ({@code ANY}: the client's). */
	public static Integration httpProxy(String integrationId, String url, String method) {
		return new Integration(integrationId, IntegrationType.HTTP_PROXY, url, method, "1.0", null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, false);
	}

	/** Whether the integration passes requests and responses through ({@code AWS_PROXY}, {@code HTTP_PROXY}). */
	public boolean isProxy() {
		return this.integrationType == IntegrationType.AWS_PROXY || this.integrationType == IntegrationType.HTTP_PROXY;
	}

	/** The timeout in force: the configured one, else the protocol's maximum (AWS's default). */
	public int timeoutInMillis(ProtocolType protocol) {
		return (this.timeoutInMillis != null) ? this.timeoutInMillis : maxTimeout(protocol);
	}

	static int maxTimeout(ProtocolType protocol) {
		return (protocol == ProtocolType.HTTP) ? HTTP_API_MAX_TIMEOUT : WEBSOCKET_MAX_TIMEOUT;
	}

	/** This integration with AWS's defaults for an API of {@code protocol} filled in (see the type's javadoc). */
	public Integration completed(ProtocolType protocol) {
		boolean http = protocol == ProtocolType.HTTP;
		String method = this.integrationMethod;
		if (method == null && this.integrationType == IntegrationType.AWS_PROXY && this.integrationSubtype == null) {
			method = "POST";
		}
		String payload = this.payloadFormatVersion;
		if (payload == null && (!http || this.integrationType != IntegrationType.AWS_PROXY)) {
			payload = "1.0";
		}
		String selection = this.integrationResponseSelectionExpression;
		PassthroughBehavior passthrough = this.passthroughBehavior;
		if (!http) {
			selection = (selection != null) ? selection : DEFAULT_RESPONSE_SELECTION;
			if (passthrough == null && !isProxy()) {
				passthrough = PassthroughBehavior.WHEN_NO_MATCH;
			}
		}
		return new Integration(this.integrationId, this.integrationType, this.integrationUri, method, payload,
				(this.timeoutInMillis != null) ? this.timeoutInMillis : maxTimeout(protocol),
				(this.connectionType != null) ? this.connectionType : INTERNET, this.connectionId,
				this.credentialsArn, this.description, this.requestParameters, this.responseParameters,
				this.requestTemplates, this.templateSelectionExpression, passthrough, this.contentHandlingStrategy,
				selection, this.integrationSubtype, this.tlsConfig, this.apiGatewayManaged);
	}

	/**
	 * Refuses what an API of {@code protocol} does not accept: other types than the two proxies on HTTP APIs,
	 * payload format versions, timeouts out of range, a missing URI or method.
	 */
	void check(ProtocolType protocol) {
		boolean http = protocol == ProtocolType.HTTP;
		if (http && !isProxy()) {
			throw ApiModelException.badRequest("Unsupported integration type " + this.integrationType
					+ " for an HTTP API: must be AWS_PROXY or HTTP_PROXY");
		}
		if (this.timeoutInMillis != null
				&& (this.timeoutInMillis < MIN_TIMEOUT || this.timeoutInMillis > maxTimeout(protocol))) {
			throw ApiModelException.badRequest("Invalid timeoutInMillis " + this.timeoutInMillis + ": must be from "
					+ MIN_TIMEOUT + " to " + maxTimeout(protocol));
		}
		boolean lambda = this.integrationType == IntegrationType.AWS_PROXY;
		if (http && lambda) {
			if (this.payloadFormatVersion == null) {
				throw ApiModelException.badRequest("PayloadFormatVersion is required for an AWS_PROXY integration"
						+ " of an HTTP API: 1.0 or 2.0");
			}
			if (!this.payloadFormatVersion.equals("1.0") && !this.payloadFormatVersion.equals("2.0")) {
				throw ApiModelException.badRequest("Invalid payloadFormatVersion " + this.payloadFormatVersion
						+ ": must be 1.0 or 2.0");
			}
		}
		else if (this.payloadFormatVersion != null && !this.payloadFormatVersion.equals("1.0")) {
			throw ApiModelException.badRequest("Invalid payloadFormatVersion " + this.payloadFormatVersion
					+ " for a " + this.integrationType + " integration: must be 1.0");
		}
		if (this.integrationType != IntegrationType.MOCK && this.integrationSubtype == null
				&& (this.integrationUri == null || this.integrationUri.isBlank())) {
			throw ApiModelException.badRequest("IntegrationUri is required for a " + this.integrationType
					+ " integration");
		}
		if ((this.integrationType == IntegrationType.HTTP_PROXY || this.integrationType == IntegrationType.HTTP)
				&& this.integrationMethod == null) {
			throw ApiModelException.badRequest("IntegrationMethod is required for a " + this.integrationType
					+ " integration");
		}
		if (http) {
			this.responseParameters.keySet().forEach((status) -> {
				if (!status.matches("[2-5][0-9][0-9]")) {
					throw ApiModelException.badRequest("Invalid responseParameters key " + status
							+ ": must be a status code from 200 to 599");
				}
			});
		}
	}

}
