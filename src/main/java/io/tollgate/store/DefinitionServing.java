package io.tollgate.store;

import io.tollgate.model.VersionedApi;
import reactor.core.publisher.Mono;

/**
 * The part of this node that serves stored definitions of one type (the routes compiled from them), as the
 * management API's writes see it: it may refuse a definition it could not serve, and it tells when it serves what
 * the store holds now, so that a write answers only once the writer's next request sees it
 * ({@link CheckedApiStore}).
 * <p>
 * For HTTP and WebSocket APIs this is the extension point of their data plane: a bean of type
 * {@code DefinitionServing<ApiV2Definition>} is picked up by the store the v2 management API writes through; without
 * one, v2 writes are accepted unchecked and answer once stored.
 *
 * @param <D> the type of definition
 */
public interface DefinitionServing<D extends VersionedApi> {

	/**
	 * Refuses a definition that could not be served.
	 * @throws io.tollgate.model.ApiModelException.BadRequest to refuse it
	 */
	void check(D definition);

	/** Completes once this node serves what is stored now for {@code apiId} (or has stopped waiting). */
	Mono<Void> served(String apiId);

}
