package io.tollgate.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationResponse;
import io.tollgate.model.IntegrationType;
import io.tollgate.model.PassthroughBehavior;
import org.jspecify.annotations.Nullable;

/**
 * An integration being put or patched: the fields of {@link Integration}, changeable one by one, then checked as
 * AWS checks them (on top of the model's own checks, such as the timeout range) and built with AWS's defaults.
 */
final class IntegrationDraft {

	static final String INTERNET = "INTERNET";

	private static final Set<String> CONTENT_HANDLING = Set.of("CONVERT_TO_BINARY", "CONVERT_TO_TEXT");

	private static final String LAMBDA_PATH = ":lambda:path/2015-03-31/functions/";

	IntegrationType type;

	@Nullable String httpMethod;

	@Nullable String uri;

	@Nullable String connectionType;

	@Nullable String credentials;

	final Map<String, String> requestParameters;

	final Map<String, String> requestTemplates;

	@Nullable PassthroughBehavior passthroughBehavior;

	@Nullable String contentHandling;

	@Nullable Integer timeoutInMillis;

	@Nullable String cacheNamespace;

	final List<String> cacheKeyParameters;

	final Map<String, IntegrationResponse> integrationResponses;

	/** A new integration of the given type, without integration responses. */
	IntegrationDraft(IntegrationType type) {
		this.type = type;
		this.requestParameters = new LinkedHashMap<>();
		this.requestTemplates = new LinkedHashMap<>();
		this.cacheKeyParameters = new ArrayList<>();
		this.integrationResponses = new LinkedHashMap<>();
	}

	IntegrationDraft(Integration integration) {
		this.type = integration.type();
		this.httpMethod = integration.httpMethod();
		this.uri = integration.uri();
		this.connectionType = integration.connectionType();
		this.credentials = integration.credentials();
		this.requestParameters = new LinkedHashMap<>(integration.requestParameters());
		this.requestTemplates = new LinkedHashMap<>(integration.requestTemplates());
		this.passthroughBehavior = integration.passthroughBehavior();
		this.contentHandling = integration.contentHandling();
		this.timeoutInMillis = integration.timeoutInMillis();
		this.cacheNamespace = integration.cacheNamespace();
		this.cacheKeyParameters = new ArrayList<>(integration.cacheKeyParameters());
		this.integrationResponses = new LinkedHashMap<>(integration.integrationResponses());
	}

	/**
	 * The integration of a method of the given resource. As in AWS, the cache namespace defaults to the resource id
	 * and HTTP integrations connect over the internet unless told otherwise.
	 */
	Integration build(String resourceId) {
		boolean http = this.type == IntegrationType.HTTP || this.type == IntegrationType.HTTP_PROXY;
		if (http && this.uri != null && !this.uri.startsWith("http://") && !this.uri.startsWith("https://")
				&& !this.uri.startsWith("${stageVariables.")) {
			throw ApiModelException.badRequest("Invalid HTTP endpoint specified for URI");
		}
		boolean aws = this.type == IntegrationType.AWS || this.type == IntegrationType.AWS_PROXY;
		if (aws && this.uri != null && !this.uri.startsWith("arn:")) {
			throw ApiModelException.badRequest("Invalid ARN specified in the request");
		}
		if (this.type == IntegrationType.AWS_PROXY && this.uri != null && !this.uri.contains(LAMBDA_PATH)) {
			throw ApiModelException.badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda "
					+ "function and Firehose stream invocations.");
		}
		String connection = (this.connectionType == null && http) ? INTERNET : this.connectionType;
		if (connection != null && !connection.equals(INTERNET)) {
			throw unsupported("connectionType " + connection);
		}
		requireContentHandling(this.contentHandling);
		return new Integration(this.type, this.httpMethod, this.uri, connection, this.credentials,
				this.requestParameters, this.requestTemplates, this.passthroughBehavior, this.contentHandling,
				this.timeoutInMillis, (this.cacheNamespace != null) ? this.cacheNamespace : resourceId,
				this.cacheKeyParameters, this.integrationResponses);
	}

	static void requireContentHandling(@Nullable String contentHandling) {
		if (contentHandling != null && !CONTENT_HANDLING.contains(contentHandling)) {
			throw ApiModelException.badRequest("Invalid content handling specified: " + contentHandling
					+ ". Must be one of: [CONVERT_TO_BINARY, CONVERT_TO_TEXT]");
		}
	}

	/** A setting AWS accepts that Tollgate cannot honour, refused rather than silently ignored. */
	static ApiModelException unsupported(String what) {
		return ApiModelException.badRequest("Tollgate does not support " + what);
	}

}
