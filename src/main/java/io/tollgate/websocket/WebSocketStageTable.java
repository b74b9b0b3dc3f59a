package io.tollgate.websocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/** The WebSocket stages served, replaced whole per API when its deployments change. */
public final class WebSocketStageTable implements WebSocketStages {

	private final Map<String, Map<String, WebSocketStage>> apis = new ConcurrentHashMap<>();

	/** Serves {@code stages} (by name) for {@code apiId}, replacing what was served. */
	public void put(String apiId, Map<String, WebSocketStage> stages) {
		this.apis.put(apiId, Map.copyOf(stages));
	}

	public void remove(String apiId) {
		this.apis.remove(apiId);
	}

	@Override
	public @Nullable WebSocketStage find(String apiId, String stage) {
		Map<String, WebSocketStage> stages = this.apis.get(apiId);
		return (stages != null) ? stages.get(stage) : null;
	}

	@Override
	public boolean isWebSocketApi(String apiId) {
		return this.apis.containsKey(apiId);
	}

}
