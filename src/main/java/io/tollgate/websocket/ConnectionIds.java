package io.tollgate.websocket;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Connection and message ids in API Gateway's shape: 16 characters of base64 ending in {@code =}
 * ({@code L0SM9cOFvHcCIhw=}). Drawn from a secure random source (an id names a live client), without {@code +} and
 * {@code /}, so that an id is one path segment of an {@code @connections} URL.
 */
final class ConnectionIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	private ConnectionIds() {
	}

	static String next() {
		byte[] bytes = new byte[11];
		while (true) {
			RANDOM.nextBytes(bytes);
			String id = Base64.getEncoder().encodeToString(bytes);
			if (id.indexOf('+') < 0 && id.indexOf('/') < 0) {
				return id;
			}
		}
	}

	/**
	 * Whether {@code id} could be an id: base64 characters, at most 128 of them. A malformed id is a bad request; a
	 * well-formed one that names no connection is gone.
	 */
	static boolean isWellFormed(String id) {
		if (id.isEmpty() || id.length() > 128) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
					|| c == '=' || c == '-' || c == '_')) {
				return false;
			}
		}
		return true;
	}

}
