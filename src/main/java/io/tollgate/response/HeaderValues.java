package io.tollgate.response;

import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import org.springframework.http.HttpHeaders;

/**
 * The one check for text the gateway writes into the head of an HTTP message, a backend request's headers and
 * request line or a client response's headers. A value may hold visible characters, spaces, tabs and non-ASCII text
 * but no control character: a CR or LF would end the line and let the rest start a header or a whole request of
 * its own (request and response splitting), and NUL and the other controls are refused by HTTP parsers (RFC 9110
 * §5.5). A header name must be a token. Every path that turns a client, stage-variable, context, template or
 * function value into a header or URL goes through here:
 * <ul>
 * <li>toward a backend, {@link #requireSafeRequestValue} refuses the request with 400 before anything is sent;</li>
 * <li>toward the client, {@link #setResponseHeader} fails a method response with 502 (a response the gateway
 * cannot send, as AWS answers a malformed Lambda proxy response);</li>
 * <li>a gateway response, which must still be sent, leaves such a header out ({@link #isSafe}).</li>
 * </ul>
 */
public final class HeaderValues {

	/** The message of the 400 for a request whose value would reach a backend's header or request line. */
	public static final String INVALID_REQUEST_INPUT = "Invalid request input: control characters (CR, LF, NUL)"
			+ " cannot be sent in a header or URL";

	private static final int BAD_GATEWAY = 502;

	private HeaderValues() {
	}

	/** Whether {@code value} can be written as a header value or into a request line. */
	public static boolean isSafeValue(CharSequence value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				return false;
			}
		}
		return true;
	}

	/** Whether {@code name} is a header name: a non-empty RFC 9110 token. */
	public static boolean isToken(CharSequence name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
			if (!tchar) {
				return false;
			}
		}
		return true;
	}

	/** Whether a header of {@code name} and {@code value} can be written. */
	public static boolean isSafe(CharSequence name, CharSequence value) {
		return isToken(name) && isSafeValue(value);
	}

	/**
	 * A value bound for a backend request's header or request line.
	 * @return {@code value}
	 * @throws GatewayResponseException {@code BAD_REQUEST_PARAMETERS} (400) when it holds a control character
	 */
	public static String requireSafeRequestValue(String value) {
		if (!isSafeValue(value)) {
			throw new GatewayResponseException(GatewayResponseType.BAD_REQUEST_PARAMETERS, INVALID_REQUEST_INPUT);
		}
		return value;
	}

	/**
	 * Sets a method response header.
	 * @throws GatewayResponseException a 502 {@code {"message":"Internal server error"}} when the header cannot be
	 * written
	 */
	public static void setResponseHeader(HttpHeaders headers, String name, String value) {
		if (!isSafe(name, value)) {
			throw new GatewayResponseException(GatewayResponseType.DEFAULT_5XX, "Internal server error",
					BAD_GATEWAY);
		}
		headers.set(name, value);
	}

}
