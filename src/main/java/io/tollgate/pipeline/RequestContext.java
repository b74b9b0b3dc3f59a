package io.tollgate.pipeline;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.web.server.ServerWebExchange;

/**
 * What API Gateway calls {@code $context}: the facts of one request, fixed when its route is resolved. Immutable;
 * later pipeline steps (authorizers, API keys) add to it by replacing the attribute with a copy.
 *
 * @param requestId {@code x-amzn-RequestId}, a fresh UUID
 * @param extendedRequestId {@code x-amz-apigw-id}
 * @param requestTimeEpoch when the request arrived, epoch milliseconds
 * @param path the request path as the client sent it, stage included ({@code /prod/pets/1})
 * @param resourcePath the matched resource's path template ({@code /pets/{petId}})
 * @param pathParameters decoded path parameter values by name
 * @param rawPathParameters the same values still URL-encoded, for substitution into backend URIs
 * @param stageVariables the stage's variables, with the canary's overrides on canary requests
 * @param canaryRequest {@code null} when the stage has no canary, else whether this request went to it
 * @param identity the caller, as the API key step and an IAM authorizer establish it
 * @param authorizer the authorizer's output; {@link AuthorizerOutput#NONE} for methods without one
 * @param basePathMatched the API mapping key a custom-domain request matched ({@code ""} for the root mapping);
 * {@code null} for requests to an execute-api URL
 * @param clientCert the certificate a client presented on a mutual-TLS custom domain, else {@code null}
 * @param routeKey the matched route of an HTTP API ({@code GET /pets/{id}}, {@code $default}); {@code null} for
 * REST APIs
 */
public record RequestContext(String requestId, String extendedRequestId, long requestTimeEpoch, String accountId,
		String apiId, String stage, String deploymentId, String resourceId, String resourcePath, String httpMethod,
		String path, Map<String, String> pathParameters, Map<String, String> rawPathParameters,
		Map<String, String> stageVariables, @Nullable Boolean canaryRequest, String sourceIp,
		@Nullable String userAgent, String protocol, String domainName, CallerIdentity identity,
		AuthorizerOutput authorizer, @Nullable String basePathMatched, @Nullable ClientCertificate clientCert,
		@Nullable String routeKey) {

	/** A request to a REST API. */
	public RequestContext(String requestId, String extendedRequestId, long requestTimeEpoch, String accountId,
			String apiId, String stage, String deploymentId, String resourceId, String resourcePath,
			String httpMethod, String path, Map<String, String> pathParameters, Map<String, String> rawPathParameters,
			Map<String, String> stageVariables, @Nullable Boolean canaryRequest, String sourceIp,
			@Nullable String userAgent, String protocol, String domainName, CallerIdentity identity,
			AuthorizerOutput authorizer, @Nullable String basePathMatched, @Nullable ClientCertificate clientCert) {
		this(requestId, extendedRequestId, requestTimeEpoch, accountId, apiId, stage, deploymentId, resourceId,
				resourcePath, httpMethod, path, pathParameters, rawPathParameters, stageVariables, canaryRequest,
				sourceIp, userAgent, protocol, domainName, identity, authorizer, basePathMatched, clientCert, null);
	}

	/** A request to an execute-api URL. */
	public RequestContext(String requestId, String extendedRequestId, long requestTimeEpoch, String accountId,
			String apiId, String stage, String deploymentId, String resourceId, String resourcePath,
			String httpMethod, String path, Map<String, String> pathParameters, Map<String, String> rawPathParameters,
			Map<String, String> stageVariables, @Nullable Boolean canaryRequest, String sourceIp,
			@Nullable String userAgent, String protocol, String domainName, CallerIdentity identity,
			AuthorizerOutput authorizer) {
		this(requestId, extendedRequestId, requestTimeEpoch, accountId, apiId, stage, deploymentId, resourceId,
				resourcePath, httpMethod, path, pathParameters, rawPathParameters, stageVariables, canaryRequest,
				sourceIp, userAgent, protocol, domainName, identity, authorizer, null, null);
	}

	/** CLF's time, as {@code $context.requestTime}: {@code 04/Mar/2020:19:15:17 +0000}. */
	private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter
		.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US)
		.withZone(ZoneOffset.UTC);

	public static @Nullable RequestContext find(ServerWebExchange exchange) {
		return exchange.getAttribute(ExchangeAttributes.REQUEST_CONTEXT);
	}

	public static RequestContext require(ServerWebExchange exchange) {
		return exchange.getRequiredAttribute(ExchangeAttributes.REQUEST_CONTEXT);
	}

	public RequestContext withIdentity(CallerIdentity identity) {
		return new RequestContext(this.requestId, this.extendedRequestId, this.requestTimeEpoch, this.accountId,
				this.apiId, this.stage, this.deploymentId, this.resourceId, this.resourcePath, this.httpMethod,
				this.path, this.pathParameters, this.rawPathParameters, this.stageVariables, this.canaryRequest,
				this.sourceIp, this.userAgent, this.protocol, this.domainName, identity, this.authorizer,
				this.basePathMatched, this.clientCert, this.routeKey);
	}

	public RequestContext withAuthorizer(AuthorizerOutput authorizer) {
		return new RequestContext(this.requestId, this.extendedRequestId, this.requestTimeEpoch, this.accountId,
				this.apiId, this.stage, this.deploymentId, this.resourceId, this.resourcePath, this.httpMethod,
				this.path, this.pathParameters, this.rawPathParameters, this.stageVariables, this.canaryRequest,
				this.sourceIp, this.userAgent, this.protocol, this.domainName, this.identity, authorizer,
				this.basePathMatched, this.clientCert, this.routeKey);
	}

	/** The context of a request that came through a custom domain, with the client's certificate (mutual TLS). */
	public RequestContext withCustomDomain(String domainName, String basePathMatched,
			@Nullable ClientCertificate clientCert) {
		return new RequestContext(this.requestId, this.extendedRequestId, this.requestTimeEpoch, this.accountId,
				this.apiId, this.stage, this.deploymentId, this.resourceId, this.resourcePath, this.httpMethod,
				this.path, this.pathParameters, this.rawPathParameters, this.stageVariables, this.canaryRequest,
				this.sourceIp, this.userAgent, this.protocol, domainName, this.identity, this.authorizer,
				basePathMatched, clientCert, this.routeKey);
	}

	/**
	 * The request path without the API mapping key a custom-domain request matched: HTTP APIs' payload 2.0
	 * {@code rawPath} (aws-behavior-v2 §C.3), where 1.0's {@code path} keeps the key.
	 */
	public String pathBelowMappingKey() {
		String key = this.basePathMatched;
		int end = (key != null) ? key.length() + 1 : 0;
		if (key == null || key.isEmpty() || !this.path.startsWith(key, 1)
				|| (this.path.length() > end && this.path.charAt(end) != '/')) {
			return this.path;
		}
		return (this.path.length() == end) ? "/" : this.path.substring(end);
	}

	/** Replaces the exchange's context with {@code context}, for steps that add to it. */
	public static void update(ServerWebExchange exchange, RequestContext context) {
		exchange.getAttributes().put(ExchangeAttributes.REQUEST_CONTEXT, context);
	}

	/**
	 * The method ARN as authorizers and IAM policies see it:
	 * {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}}, the path being the request's
	 * path below the stage without its leading slash.
	 */
	public String methodArn(String region) {
		return "arn:aws:execute-api:" + region + ":" + this.accountId + ":" + this.apiId + "/" + this.stage + "/"
				+ this.httpMethod + "/" + pathBelowStage();
	}

	/** {@code $context.requestTime}: when the request arrived, in CLF's format. */
	public String requestTime() {
		return REQUEST_TIME.format(Instant.ofEpochMilli(this.requestTimeEpoch));
	}

	/** {@code $context.domainPrefix}: the domain name's first label ({@code abc123} of an invoke URL). */
	public String domainPrefix() {
		int dot = this.domainName.indexOf('.');
		return (dot > 0) ? this.domainName.substring(0, dot) : this.domainName;
	}

	/** The resource path with the request's (still encoded) path parameter values, without the leading slash. */
	private String pathBelowStage() {
		String path = this.resourcePath;
		for (Map.Entry<String, String> parameter : this.rawPathParameters.entrySet()) {
			path = path.replace("{" + parameter.getKey() + "+}", parameter.getValue())
				.replace("{" + parameter.getKey() + "}", parameter.getValue());
		}
		return path.startsWith("/") ? path.substring(1) : path;
	}

	/** The variables of {@code $context} as AWS names them, for templates and logs. */
	public Map<String, Object> asTemplateVariables() {
		Map<String, Object> identity = new LinkedHashMap<>();
		identity.put("sourceIp", this.sourceIp);
		identity.put("userAgent", (this.userAgent != null) ? this.userAgent : "");
		this.identity.addTo(identity);
		if (this.clientCert != null) {
			identity.put("clientCert", this.clientCert.asMap());
		}
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("requestId", this.requestId);
		variables.put("extendedRequestId", this.extendedRequestId);
		variables.put("requestTimeEpoch", this.requestTimeEpoch);
		variables.put("accountId", this.accountId);
		variables.put("apiId", this.apiId);
		variables.put("stage", this.stage);
		variables.put("deploymentId", this.deploymentId);
		variables.put("resourceId", this.resourceId);
		variables.put("resourcePath", this.resourcePath);
		if (this.routeKey != null) {
			variables.put("routeKey", this.routeKey);
		}
		variables.put("httpMethod", this.httpMethod);
		variables.put("path", this.path);
		variables.put("protocol", this.protocol);
		variables.put("domainName", this.domainName);
		variables.put("domainPrefix", domainPrefix());
		if (this.basePathMatched != null) {
			variables.put("customDomain", Map.of("basePathMatched", this.basePathMatched));
		}
		variables.put("identity", identity);
		variables.put("authorizer", this.authorizer.asTemplateVariables());
		if (this.canaryRequest != null) {
			variables.put("isCanaryRequest", this.canaryRequest.toString());
		}
		return variables;
	}

}
