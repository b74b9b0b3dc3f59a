package io.tollgate.websocket;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What every replica may know about a connection: where it is connected and who the client is, the facts
 * {@code GET @connections/{id}} answers with.
 *
 * @param connectionId the connection's id
 * @param apiId the API the client connected to
 * @param stage the stage the client connected to
 * @param connectedAt when the handshake completed
 * @param sourceIp the client's address
 * @param userAgent the client's {@code User-Agent}, if it sent one
 * @param lastActiveAt when the client last sent a message (the handshake at first)
 */
public record ConnectionRecord(String connectionId, String apiId, String stage, Instant connectedAt, String sourceIp,
		@Nullable String userAgent, Instant lastActiveAt) {

	/** Whether the connection belongs to the API and stage an {@code @connections} call addressed. */
	boolean belongsTo(String apiId, String stage) {
		return this.apiId.equals(apiId) && this.stage.equals(stage);
	}

}
