package io.tollgate.admin;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.ProtocolType;
import io.tollgate.store.ApiStore;
import io.tollgate.store.DefinitionStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What an API mapping of a custom domain may point at: an API and, when given, one of its stages. REST APIs come
 * from the {@link ApiStore}, HTTP and WebSocket APIs from theirs ({@link #v2Apis}); lookups are chained with
 * {@link #or}.
 */
@FunctionalInterface
public interface ApiMappingTargets {

	/** The API, empty when there is no such API. */
	Mono<MappedApi> find(String apiId);

	/** This lookup, then {@code other} for APIs this one does not know. */
	default ApiMappingTargets or(ApiMappingTargets other) {
		return (apiId) -> find(apiId).switchIfEmpty(Mono.defer(() -> other.find(apiId)));
	}

	/** The API, refusing an unknown API or stage with AWS's v1 ({@code BadRequest}) or v2 errors. */
	default Mono<MappedApi> require(String apiId, @Nullable String stage, boolean v2) {
		return find(apiId)
			.switchIfEmpty(Mono.error(() -> v2 ? ApiModelException.notFound("Invalid API identifier specified " + apiId)
					: ApiModelException.badRequest("Invalid REST API identifier specified")))
			.flatMap((api) -> api.hasStage(stage) ? Mono.just(api)
					: Mono.error(ApiModelException.badRequest("Invalid stage identifier specified")));
	}

	/** The APIs of {@code apiIds} by id; ids of APIs that no longer exist are left out. */
	default Mono<Map<String, MappedApi>> findAll(Collection<String> apiIds) {
		return Flux.fromIterable(Set.copyOf(apiIds))
			.concatMap((apiId) -> find(apiId).map((api) -> Map.entry(apiId, api)))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/** HTTP and WebSocket APIs of the store. */
	static ApiMappingTargets v2Apis(DefinitionStore<ApiV2Definition> store) {
		return (apiId) -> store.find(apiId)
			.map((api) -> new MappedApi(api.protocolType() == ProtocolType.WEBSOCKET, api.stages().keySet()));
	}

	/** REST APIs of the store. */
	static ApiMappingTargets restApis(ApiStore store) {
		return (apiId) -> store.find(apiId).map((api) -> new MappedApi(false, api.stages().keySet()));
	}

	/**
	 * An API a mapping may point at.
	 *
	 * @param webSocket whether it is a WebSocket API (which shares a domain only with WebSocket APIs)
	 * @param stages its stages' names
	 */
	record MappedApi(boolean webSocket, Set<String> stages) {

		public MappedApi {
			stages = Set.copyOf(stages);
		}

		/** Whether the API has {@code stage}; any API does when {@code stage} is {@code null}. */
		public boolean hasStage(@Nullable String stage) {
			return stage == null || this.stages.contains(stage);
		}

	}

}
