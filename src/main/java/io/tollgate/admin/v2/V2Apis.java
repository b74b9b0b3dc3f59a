package io.tollgate.admin.v2;

import java.util.function.UnaryOperator;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.DefinitionStore;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;

/** The HTTP and WebSocket APIs as the v2 management operations read and change them. */
final class V2Apis {

	private final DefinitionStore<ApiV2Definition> store;

	V2Apis(DefinitionStore<ApiV2Definition> store) {
		this.store = store;
	}

	DefinitionStore<ApiV2Definition> store() {
		return this.store;
	}

	/** The API named by the request's {@code apiId} path variable. */
	Mono<ApiV2Definition> require(ServerRequest request) {
		String apiId = request.pathVariable("apiId");
		return this.store.find(apiId).switchIfEmpty(Mono.error(() -> notFound(apiId)));
	}

	/** Applies a change to the request's API, retrying on concurrent writes; answers once this node serves it. */
	Mono<ApiV2Definition> update(ServerRequest request, UnaryOperator<ApiV2Definition> change) {
		String apiId = request.pathVariable("apiId");
		return this.store.update(apiId, change)
			.onErrorMap(ApiModelException.NotFound.class,
					(ex) -> ex.getMessage().equals("Invalid API identifier specified") ? notFound(apiId) : ex);
	}

	static ApiModelException notFound(String apiId) {
		return ApiModelException.notFound("Invalid API identifier specified " + apiId);
	}

	/** A path variable that AWS's SDKs may have percent-encoded twice ({@code %2524default}). */
	static String pathVariable(ServerRequest request, String name) {
		String value = request.pathVariable(name);
		return value.replace("%24", "$");
	}

}
