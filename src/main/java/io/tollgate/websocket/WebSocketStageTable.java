package io.tollgate.websocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.ProtocolType;
import org.jspecify.annotations.Nullable;

/**
 * The WebSocket stages this node serves, compiled from the stored definitions and replaced whole per API when a
 * definition changes; lookups read an immutable map per API.
 */
public final class WebSocketStageTable implements WebSocketStages {

	private final WebSocketApiCompiler compiler;

	private final Map<String, Map<String, WebSocketStage>> apis = new ConcurrentHashMap<>();

	private final Map<String, Long> versions = new ConcurrentHashMap<>();

	public WebSocketStageTable(WebSocketApiCompiler compiler) {
		this.compiler = compiler;
	}

	/** Serves a definition as stored now: a WebSocket API's stages, nothing for any other API type. */
	public void serve(ApiV2Definition definition) {
		if (definition.protocolType() != ProtocolType.WEBSOCKET) {
			remove(definition.id());
			return;
		}
		this.apis.put(definition.id(), Map.copyOf(this.compiler.compile(definition)));
		this.versions.put(definition.id(), definition.version());
	}

	/** Stops serving an API (deleted, or not a WebSocket API). */
	public void remove(String apiId) {
		this.apis.remove(apiId);
		this.versions.remove(apiId);
	}

	/** The WebSocket APIs served. */
	public java.util.Set<String> apiIds() {
		return java.util.Set.copyOf(this.apis.keySet());
	}

	/** The version of the definition served for {@code apiId}, {@code -1} when none. */
	public long servedVersion(String apiId) {
		return this.versions.getOrDefault(apiId, -1L);
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

	@Override
	public boolean servesAny() {
		return !this.apis.isEmpty();
	}

}
