package io.tollgate.admin;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.store.ApiStore;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;

/** Reading and changing the API a management call names in its {@code {restApiId}} path variable. */
public final class AdminApis {

	private AdminApis() {
	}

	public static Mono<ApiDefinition> require(ApiStore store, ServerRequest request) {
		String apiId = request.pathVariable("restApiId");
		return store.find(apiId)
			.switchIfEmpty(Mono.error(() -> ApiModelException.notFound("Invalid API identifier specified")));
	}

	/** Applies a change to the named API, atomically against concurrent writers; the change may throw to refuse. */
	public static Mono<ApiDefinition> update(ApiStore store, ServerRequest request, UnaryOperator<ApiDefinition> change) {
		return store.update(request.pathVariable("restApiId"), change);
	}

	/**
	 * Applies a change as {@link #update(ApiStore, ServerRequest, UnaryOperator)} does, refusing an unknown API with
	 * {@code unknownApi} rather than the usual NotFoundException, as a few of AWS's creates do.
	 */
	public static Mono<ApiDefinition> update(ApiStore store, ServerRequest request, UnaryOperator<ApiDefinition> change,
			Supplier<ApiModelException> unknownApi) {
		return store.find(request.pathVariable("restApiId"))
			.switchIfEmpty(Mono.error(unknownApi))
			.then(update(store, request, change));
	}

}
