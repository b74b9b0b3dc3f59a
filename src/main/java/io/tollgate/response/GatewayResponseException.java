package io.tollgate.response;

import org.jspecify.annotations.Nullable;

/**
 * Ends a request with a gateway response. Signalled through Reactor's error channel and rendered in one place,
 * {@link GatewayResponseFilter}; it carries no stack trace because it is an outcome, not a fault.
 */
public final class GatewayResponseException extends RuntimeException {

	private final GatewayResponseType type;

	private final @Nullable String responseMessage;

	public GatewayResponseException(GatewayResponseType type) {
		this(type, type.defaultMessage());
	}

	public GatewayResponseException(GatewayResponseType type, @Nullable String message) {
		super(type + ": " + message, null, false, false);
		this.type = type;
		this.responseMessage = message;
	}

	public GatewayResponseType type() {
		return this.type;
	}

	/** The message rendered as {@code $context.error.message}; {@code null} renders {@code {"message":null}}. */
	public @Nullable String responseMessage() {
		return this.responseMessage;
	}

}
