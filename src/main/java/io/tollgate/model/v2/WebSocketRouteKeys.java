package io.tollgate.model.v2;

import java.util.Set;

import io.tollgate.model.ApiModelException;

/** WebSocket route keys: the predefined {@code $connect}, {@code $disconnect}, {@code $default}, or custom keys. */
public final class WebSocketRouteKeys {

	public static final String CONNECT = "$connect";

	public static final String DISCONNECT = "$disconnect";

	public static final String DEFAULT = "$default";

	private static final Set<String> PREDEFINED = Set.of(CONNECT, DISCONNECT, DEFAULT);

	private WebSocketRouteKeys() {
	}

	/** Returns the key when it is valid: predefined, or custom and not starting with {@code $}. */
	public static String check(String routeKey) {
		if (routeKey.startsWith("$") && !PREDEFINED.contains(routeKey)) {
			throw ApiModelException.badRequest("Invalid route key " + routeKey
					+ ": keys starting with $ are reserved ($connect, $disconnect, $default)");
		}
		if (routeKey.length() > 128) {
			throw ApiModelException.badRequest("Invalid route key: at most 128 characters");
		}
		return routeKey;
	}

}
