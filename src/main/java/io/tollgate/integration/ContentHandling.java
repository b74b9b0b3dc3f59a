package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import org.jspecify.annotations.Nullable;

/**
 * AWS's {@code contentHandling} of a payload passed through without a template: {@code CONVERT_TO_TEXT} turns
 * binary into base64 text, {@code CONVERT_TO_BINARY} decodes base64 text into binary, unset passes it as it is.
 */
public final class ContentHandling {

	public static final String CONVERT_TO_TEXT = "CONVERT_TO_TEXT";

	public static final String CONVERT_TO_BINARY = "CONVERT_TO_BINARY";

	private ContentHandling() {
	}

	/**
	 * @param binary whether the payload is binary (its media type is one of the API's binary media types; WebSocket
	 * messages are text, backends' answers binary)
	 * @throws GatewayResponseException {@code API_CONFIGURATION_ERROR} when {@code CONVERT_TO_BINARY} meets text that
	 * is not base64
	 */
	public static byte[] apply(@Nullable String contentHandling, byte[] payload, boolean binary) {
		if (CONVERT_TO_TEXT.equals(contentHandling) && binary) {
			return Base64.getEncoder().encode(payload);
		}
		if (CONVERT_TO_BINARY.equals(contentHandling) && !binary) {
			try {
				return Base64.getMimeDecoder().decode(new String(payload, StandardCharsets.US_ASCII).trim());
			}
			catch (IllegalArgumentException ex) {
				throw new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR);
			}
		}
		return payload;
	}

}
