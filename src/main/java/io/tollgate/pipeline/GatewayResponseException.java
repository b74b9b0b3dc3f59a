package io.tollgate.pipeline;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Ends a request with a gateway response. Signalled through Reactor's error channel and rendered in one place,
 * {@code io.tollgate.response.GatewayResponseFilter}; it carries no stack trace because it is an outcome, not a
 * fault.
 */
public final class GatewayResponseException extends RuntimeException {

	private final GatewayResponseType type;

	private final @Nullable String responseMessage;

	private final @Nullable Integer statusOverride;

	private final @Nullable String errorType;

	private final Map<String, String> headers;

	public GatewayResponseException(GatewayResponseType type) {
		this(type, type.defaultMessage());
	}

	public GatewayResponseException(GatewayResponseType type, @Nullable String message) {
		this(type, message, null);
	}

	/**
	 * A response of {@code type} whose status, unless the API customises the type, is {@code statusOverride}: AWS
	 * answers a malformed Lambda proxy response with 502 although it is a {@code DEFAULT_5XX}.
	 */
	public GatewayResponseException(GatewayResponseType type, @Nullable String message,
			@Nullable Integer statusOverride) {
		this(type, message, statusOverride, null);
	}

	/**
	 * A response of {@code type} reported under the {@code x-amzn-ErrorType} {@code errorType} when it is not
	 * {@code null}: AWS reports some errors under a type they share (SigV4's {@code IncompleteSignatureException} is
	 * an {@code INVALID_SIGNATURE}).
	 */
	public GatewayResponseException(GatewayResponseType type, @Nullable String message,
			@Nullable Integer statusOverride, @Nullable String errorType) {
		this(type, message, statusOverride, errorType, Map.of());
	}

	/**
	 * A response carrying {@code headers} of its own, such as the {@code www-authenticate} of an HTTP API's JWT
	 * authorizer.
	 */
	public GatewayResponseException(GatewayResponseType type, @Nullable String message,
			@Nullable Integer statusOverride, @Nullable String errorType, Map<String, String> headers) {
		super(type + ": " + message, null, false, false);
		this.type = type;
		this.responseMessage = message;
		this.statusOverride = statusOverride;
		this.errorType = errorType;
		this.headers = Map.copyOf(headers);
	}

	/** Headers the response carries besides the envelope's own. */
	public Map<String, String> headers() {
		return this.headers;
	}

	/** The status to answer with when the API does not customise the type; {@code null} for the type's own. */
	public @Nullable Integer statusOverride() {
		return this.statusOverride;
	}

	public GatewayResponseType type() {
		return this.type;
	}

	/** The {@code x-amzn-ErrorType} to answer with: the type's own unless this error names another. */
	public String errorType() {
		return (this.errorType != null) ? this.errorType : this.type.errorType();
	}

	/** The message rendered as {@code $context.error.message}; {@code null} renders {@code {"message":null}}. */
	public @Nullable String responseMessage() {
		return this.responseMessage;
	}

}
