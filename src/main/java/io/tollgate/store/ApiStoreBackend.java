package io.tollgate.store;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.VersionedApi;
import io.tollgate.model.v2.ApiV2Definition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the embedded and Redis stores share: they hold the APIs of every type in one id space and announce their
 * changes on one feed, and this class gives each type its typed view: the backend itself is the {@link ApiStore}
 * of REST APIs, {@link #v2Apis()} the store of HTTP and WebSocket APIs. A backend implements the five operations on
 * {@link VersionedApi}s; it never needs to know the types.
 */
public abstract class ApiStoreBackend implements ApiStore {

	private final TypedView<ApiDefinition> restApis = new TypedView<>(ApiDefinition.class);

	private final TypedView<ApiV2Definition> v2Apis = new TypedView<>(ApiV2Definition.class);

	/** Every stored API of any type, in id order. */
	protected abstract Flux<VersionedApi> findAllOfAnyType();

	/** The stored API with this id, of any type. */
	protected abstract Mono<VersionedApi> findOfAnyType(String apiId);

	/** {@link DefinitionStore#save} for an API of any type. */
	protected abstract Mono<VersionedApi> saveOfAnyType(VersionedApi definition, long expectedVersion);

	/** Deletes the API with this id, whatever its type. */
	protected abstract Mono<Boolean> deleteOfAnyType(String apiId);

	/** The HTTP and WebSocket APIs of this store. */
	public final DefinitionStore<ApiV2Definition> v2Apis() {
		return this.v2Apis;
	}

	@Override
	public final Flux<ApiDefinition> findAll() {
		return this.restApis.findAll();
	}

	@Override
	public final Mono<ApiDefinition> find(String apiId) {
		return this.restApis.find(apiId);
	}

	@Override
	public final Mono<ApiDefinition> save(ApiDefinition definition, long expectedVersion) {
		return this.restApis.save(definition, expectedVersion);
	}

	@Override
	public final Mono<Boolean> delete(String apiId) {
		return this.restApis.delete(apiId);
	}

	/** The APIs of one type. */
	private final class TypedView<D extends VersionedApi> implements DefinitionStore<D> {

		private final Class<D> type;

		TypedView(Class<D> type) {
			this.type = type;
		}

		@Override
		public Flux<D> findAll() {
			return findAllOfAnyType().ofType(this.type);
		}

		@Override
		public Mono<D> find(String apiId) {
			return findOfAnyType(apiId).ofType(this.type);
		}

		@Override
		public Mono<D> save(D definition, long expectedVersion) {
			return saveOfAnyType(definition, expectedVersion).cast(this.type)
				.onErrorResume(ConcurrentModificationException.class,
						(ex) -> (expectedVersion != ABSENT) ? Mono.error(ex) : findOfAnyType(definition.id())
							.filter((stored) -> !this.type.isInstance(stored))
							.flatMap((other) -> Mono.<D>error(ApiModelException.conflict("API id " + definition.id()
									+ " is taken by an API of another type")))
							.switchIfEmpty(Mono.error(ex)));
		}

		@Override
		public Mono<Boolean> delete(String apiId) {
			// A definition no version can read any more is deleted through any view: nothing else could remove it.
			return findOfAnyType(apiId).map(this.type::isInstance)
				.onErrorReturn(true)
				.filter(Boolean::booleanValue)
				.flatMap((ofThisType) -> deleteOfAnyType(apiId))
				.defaultIfEmpty(false);
		}

		@Override
		public Flux<ApiChange> changes() {
			return ApiStoreBackend.this.changes();
		}

	}

}
