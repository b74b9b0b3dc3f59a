package io.tollgate.admin;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.ApiStore;
import io.tollgate.store.DefinitionStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What an API mapping of a custom domain may point at: an API and, when given, one of its stages. REST APIs come
 * from the {@link ApiStore}, HTTP and WebSocket APIs from theirs ({@link #v2Apis}); checks are chained with
 * {@link #or}.
 */
@FunctionalInterface
public interface ApiMappingTargets {

	/**
	 * @return {@code true} when the API exists and has the stage (any stage when {@code stage} is {@code null});
	 * {@code false} when the API exists without the stage; empty when there is no such API
	 */
	Mono<Boolean> hasStage(String apiId, @Nullable String stage);

	/** This check, then {@code other} for APIs this one does not know. */
	default ApiMappingTargets or(ApiMappingTargets other) {
		return (apiId, stage) -> hasStage(apiId, stage).switchIfEmpty(Mono.defer(() -> other.hasStage(apiId, stage)));
	}

	/** Refuses a mapping to an unknown API or stage, with AWS's v1 ({@code BadRequest}) or v2 errors. */
	default Mono<Void> require(String apiId, @Nullable String stage, boolean v2) {
		return hasStage(apiId, stage)
			.switchIfEmpty(Mono.error(() -> v2 ? ApiModelException.notFound("Invalid API identifier specified " + apiId)
					: ApiModelException.badRequest("Invalid REST API identifier specified")))
			.flatMap((found) -> found ? Mono.<Void>empty()
					: Mono.error(ApiModelException.badRequest("Invalid stage identifier specified")));
	}

	/** HTTP and WebSocket APIs of the store. */
	static ApiMappingTargets v2Apis(DefinitionStore<ApiV2Definition> store) {
		return (apiId, stage) -> store.find(apiId).map((api) -> stage == null || api.stage(stage).isPresent());
	}

	/** REST APIs of the store. */
	static ApiMappingTargets restApis(ApiStore store) {
		return (apiId, stage) -> store.find(apiId).map((api) -> stage == null || api.stage(stage).isPresent());
	}

}
