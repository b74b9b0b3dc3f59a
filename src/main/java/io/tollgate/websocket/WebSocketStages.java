package io.tollgate.websocket;

import org.jspecify.annotations.Nullable;

/** The WebSocket API stages this gateway serves, as compiled from their active deployments. */
public interface WebSocketStages {

	/** The stage, {@code null} when the API is not a WebSocket API or has no such stage. */
	@Nullable WebSocketStage find(String apiId, String stage);

	/** Whether {@code apiId} is a WebSocket API this gateway serves (whatever its stages). */
	boolean isWebSocketApi(String apiId);

	/** Whether any WebSocket API is served: when none is, no request needs looking at as one. */
	boolean servesAny();

}
