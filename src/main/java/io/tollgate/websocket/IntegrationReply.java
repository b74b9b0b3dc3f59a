package io.tollgate.websocket;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a route's integration answered: on {@code $connect} the status decides the handshake and the headers go
 * on the 101 response; on a message the body is what a two-way route sends back.
 *
 * @param statusCode the integration's status (a Lambda proxy's {@code statusCode}, 200 when it gave none)
 * @param headers headers for the handshake response
 * @param body the reply text, {@code null} for none
 */
public record IntegrationReply(int statusCode, Map<String, List<String>> headers, @Nullable String body) {

	public IntegrationReply {
		headers = Map.copyOf(headers);
	}

	public static IntegrationReply ok(@Nullable String body) {
		return new IntegrationReply(200, Map.of(), body);
	}

	public boolean successful() {
		return this.statusCode >= 200 && this.statusCode < 300;
	}

}
