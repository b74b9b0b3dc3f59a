package io.tollgate.function;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * What the Invoke API returned.
 *
 * @param statusCode the Invoke API's status (200 for a synchronous invocation that ran)
 * @param functionError {@code X-Amz-Function-Error} ({@code Unhandled}, {@code Handled}) when the function failed
 * @param payload the function's result or error object, as JSON bytes
 */
public record FunctionResponse(int statusCode, @Nullable String functionError, byte[] payload) {

	public boolean failed() {
		return this.functionError != null;
	}

	public String payloadAsString() {
		return new String(this.payload, StandardCharsets.UTF_8);
	}

}
