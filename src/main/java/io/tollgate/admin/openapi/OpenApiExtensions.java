package io.tollgate.admin.openapi;

import java.util.List;

/** The names of API Gateway's OpenAPI extensions, read on import and written on export. */
final class OpenApiExtensions {

	static final String ANY_METHOD = "x-amazon-apigateway-any-method";

	static final String INTEGRATION = "x-amazon-apigateway-integration";

	static final String AUTHORIZER = "x-amazon-apigateway-authorizer";

	static final String AUTHTYPE = "x-amazon-apigateway-authtype";

	static final String AUTH = "x-amazon-apigateway-auth";

	static final String API_KEY_SOURCE = "x-amazon-apigateway-api-key-source";

	static final String BINARY_MEDIA_TYPES = "x-amazon-apigateway-binary-media-types";

	static final String REQUEST_VALIDATORS = "x-amazon-apigateway-request-validators";

	static final String REQUEST_VALIDATOR = "x-amazon-apigateway-request-validator";

	static final String GATEWAY_RESPONSES = "x-amazon-apigateway-gateway-responses";

	static final String POLICY = "x-amazon-apigateway-policy";

	static final String ENDPOINT_CONFIGURATION = "x-amazon-apigateway-endpoint-configuration";

	/** The {@code x-amazon-apigateway-authtype} of a security scheme that stands for SigV4 ({@code AWS_IAM}). */
	static final String SIGV4_AUTHTYPE = "awsSigv4";

	/** The security scheme names API Gateway exports for API keys and for SigV4. */
	static final String API_KEY_SCHEME = "api_key";

	static final String SIGV4_SCHEME = "sigv4";

	/** The request header that carries API keys. */
	static final String API_KEY_HEADER = "x-api-key";

	/** Extensions API Gateway knows and Tollgate's model has no place for: imported with a warning. */
	static final List<String> UNSUPPORTED = List.of("x-amazon-apigateway-documentation",
			"x-amazon-apigateway-minimum-compression-size", "x-amazon-apigateway-tag-value",
			"x-amazon-apigateway-importexport-version", "x-amazon-apigateway-cors");

	private OpenApiExtensions() {
	}

}
