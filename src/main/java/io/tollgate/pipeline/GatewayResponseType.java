package io.tollgate.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * AWS's gateway response types with their default status, {@code x-amzn-ErrorType} and message, as API Gateway
 * answers when the API does not customise them.
 */
public enum GatewayResponseType {

	ACCESS_DENIED(403, "AccessDeniedException", null),
	API_CONFIGURATION_ERROR(500, "InternalServerErrorException", "Internal server error"),
	AUTHORIZER_CONFIGURATION_ERROR(500, "AuthorizerConfigurationException", null),
	AUTHORIZER_FAILURE(500, "AuthorizerFailureException", null),
	BAD_REQUEST_BODY(400, "BadRequestException", "Invalid request body"),
	BAD_REQUEST_PARAMETERS(400, "BadRequestException", null),
	// AWS leaves DEFAULT_4XX/5XX without a status; these are what API Gateway answers for a generic client error
	// (such as an unknown stage) and an unexpected failure.
	DEFAULT_4XX(403, "ForbiddenException", "Forbidden"),
	DEFAULT_5XX(500, "InternalServerErrorException", "Internal server error"),
	EXPIRED_TOKEN(403, "ExpiredTokenException", null),
	// AWS lists 504 for INTEGRATION_FAILURE, but answers 500 when the response is not customised.
	INTEGRATION_FAILURE(500, "InternalServerErrorException", "Internal server error"),
	INTEGRATION_TIMEOUT(504, "InternalServerErrorException", "Endpoint request timed out"),
	INVALID_API_KEY(403, "ForbiddenException", "Forbidden"),
	INVALID_SIGNATURE(403, "InvalidSignatureException", null),
	MISSING_AUTHENTICATION_TOKEN(403, "MissingAuthenticationTokenException", "Missing Authentication Token"),
	QUOTA_EXCEEDED(429, "LimitExceededException", "Limit Exceeded"),
	REQUEST_TOO_LARGE(413, "RequestTooLargeException", "Request Too Long"),
	RESOURCE_NOT_FOUND(404, "ResourceNotFoundException", null),
	THROTTLED(429, "TooManyRequestsException", "Too Many Requests"),
	UNAUTHORIZED(401, "UnauthorizedException", "Unauthorized"),
	UNSUPPORTED_MEDIA_TYPE(415, "BadRequestException", "Unsupported Media Type"),
	WAF_FILTERED(403, "WafFilteredException", "Forbidden");

	private final int status;

	private final String errorType;

	private final @Nullable String defaultMessage;

	GatewayResponseType(int status, String errorType, @Nullable String defaultMessage) {
		this.status = status;
		this.errorType = errorType;
		this.defaultMessage = defaultMessage;
	}

	public int status() {
		return this.status;
	}

	public String errorType() {
		return this.errorType;
	}

	public @Nullable String defaultMessage() {
		return this.defaultMessage;
	}

}
