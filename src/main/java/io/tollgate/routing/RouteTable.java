package io.tollgate.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.route.Route;

/**
 * Every served stage of every API, compiled. Immutable: a change builds a new table that replaces the old one in a
 * single reference swap, so a request sees one consistent table from lookup to response.
 */
final class RouteTable {

	static final RouteTable EMPTY = new RouteTable(Map.of(), Map.of(), Map.of(), Map.of());

	private final Map<String, Map<String, CompiledStage>> stagesByApi;

	private final Map<String, Long> versions;

	private final Map<String, Map<String, CompiledHttpStage>> httpStagesByApi;

	private final Map<String, Long> httpVersions;

	private final List<Route> routes;

	private RouteTable(Map<String, Map<String, CompiledStage>> stagesByApi, Map<String, Long> versions,
			Map<String, Map<String, CompiledHttpStage>> httpStagesByApi, Map<String, Long> httpVersions) {
		this.stagesByApi = stagesByApi;
		this.versions = versions;
		this.httpStagesByApi = httpStagesByApi;
		this.httpVersions = httpVersions;
		List<Route> all = new ArrayList<>();
		stagesByApi.values().forEach((stages) -> stages.values().forEach((stage) -> {
			all.addAll(stage.base().routes());
			if (stage.canary() != null) {
				all.addAll(stage.canary().routes());
			}
		}));
		httpStagesByApi.values().forEach((stages) -> stages.values().forEach((stage) -> all.addAll(stage.routes())));
		this.routes = Collections.unmodifiableList(all);
	}

	/** The served stages of an HTTP API by name; {@code null} when the API is not an HTTP API served here. */
	@Nullable Map<String, CompiledHttpStage> httpStages(String apiId) {
		return this.httpStagesByApi.get(apiId);
	}

	/** The version of an HTTP API's definition the table serves, -1 when none. */
	long httpVersion(String apiId) {
		return this.httpVersions.getOrDefault(apiId, -1L);
	}

	Set<String> httpApiIds() {
		return this.httpVersions.keySet();
	}

	/** A copy with one HTTP API's stages replaced, or removed when {@code stages} is {@code null}. */
	RouteTable withHttpApi(String apiId, long version, @Nullable Map<String, CompiledHttpStage> stages) {
		Map<String, Map<String, CompiledHttpStage>> changed = new HashMap<>(this.httpStagesByApi);
		Map<String, Long> changedVersions = new HashMap<>(this.httpVersions);
		if (stages == null) {
			changed.remove(apiId);
			changedVersions.remove(apiId);
		}
		else {
			changed.put(apiId, Map.copyOf(stages));
			changedVersions.put(apiId, version);
		}
		return new RouteTable(this.stagesByApi, this.versions, Collections.unmodifiableMap(changed),
				Collections.unmodifiableMap(changedVersions));
	}

	@Nullable CompiledStage stage(String apiId, String stageName) {
		Map<String, CompiledStage> stages = this.stagesByApi.get(apiId);
		return (stages != null) ? stages.get(stageName) : null;
	}

	boolean hasApi(String apiId) {
		return this.stagesByApi.containsKey(apiId);
	}

	/** The version of the API's definition the table serves, -1 when none. */
	long version(String apiId) {
		return this.versions.getOrDefault(apiId, -1L);
	}

	Set<String> apiIds() {
		return this.versions.keySet();
	}

	List<Route> routes() {
		return this.routes;
	}

	/** A copy with one API's stages replaced, or removed when {@code stages} is {@code null}. */
	RouteTable withApi(String apiId, long version, @Nullable Map<String, CompiledStage> stages) {
		Map<String, Map<String, CompiledStage>> changed = new HashMap<>(this.stagesByApi);
		Map<String, Long> changedVersions = new HashMap<>(this.versions);
		if (stages == null) {
			changed.remove(apiId);
			changedVersions.remove(apiId);
		}
		else {
			changed.put(apiId, Map.copyOf(stages));
			changedVersions.put(apiId, version);
		}
		return new RouteTable(Collections.unmodifiableMap(changed), Collections.unmodifiableMap(changedVersions),
				this.httpStagesByApi, this.httpVersions);
	}

}
