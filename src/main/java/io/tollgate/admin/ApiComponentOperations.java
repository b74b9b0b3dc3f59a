package io.tollgate.admin;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.store.ApiStore;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The management operations every kind of API component shares, in one shape: list ({@code {"item": [...]}}), get,
 * update by patch operations and delete of the component a path variable names, in the API that {@code {restApiId}}
 * names, each change applied atomically against concurrent writers. A handler brings what differs: its create
 * (bodies and AWS's answers differ), what a patch does, what refuses a delete.
 *
 * @param <T> the kind of component (authorizer, request validator, model)
 */
final class ApiComponentOperations<T> {

	private final ApiStore store;

	private final String pathVariable;

	private final Kind<T> kind;

	private final Function<String, ApiModelException> notFound;

	/**
	 * @param pathVariable the path variable naming a component ({@code authorizerId}, {@code modelName})
	 * @param notFound the error for a value that names no component
	 */
	ApiComponentOperations(ApiStore store, String pathVariable, Kind<T> kind,
			Function<String, ApiModelException> notFound) {
		this.store = store;
		this.pathVariable = pathVariable;
		this.kind = kind;
		this.notFound = notFound;
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return AdminApis.require(this.store, request)
			.flatMap((api) -> AdminJson.ok(Map.of("item", List.copyOf(this.kind.all().apply(api.components())))));
	}

	Mono<ServerResponse> get(ServerRequest request) {
		return AdminApis.require(this.store, request)
			.flatMap((api) -> AdminJson.ok(require(api, request.pathVariable(this.pathVariable))));
	}

	/** Applies the request's patch operations with {@code patched}, which throws to refuse one. */
	Mono<ServerResponse> update(ServerRequest request, BiFunction<T, PatchRequest, T> patched) {
		String name = request.pathVariable(this.pathVariable);
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> AdminApis.update(this.store, request,
					(api) -> with(api, patched.apply(require(api, name), patch))))
			.flatMap((api) -> AdminJson.ok(require(api, name)));
	}

	/** Removes the component unless {@code refuseWhileUsed} throws (a method still uses it). */
	Mono<ServerResponse> delete(ServerRequest request, BiConsumer<ApiDefinition, T> refuseWhileUsed) {
		String name = request.pathVariable(this.pathVariable);
		return AdminApis.update(this.store, request, (api) -> {
			T component = require(api, name);
			refuseWhileUsed.accept(api, component);
			return api.withComponents(this.kind.without().apply(api.components(), component));
		}).then(AdminJson.accepted());
	}

	T require(ApiDefinition api, String name) {
		return this.kind.find().apply(api.components(), name).orElseThrow(() -> this.notFound.apply(name));
	}

	ApiDefinition with(ApiDefinition api, T component) {
		return api.withComponents(this.kind.with().apply(api.components(), component));
	}

	/**
	 * Where one kind of component sits in an API's components.
	 *
	 * @param all the components of this kind, in the order listings show them
	 * @param find the component a path variable's value names
	 * @param with the components with one added or replaced
	 * @param without the components with one removed
	 */
	record Kind<T>(Function<ApiComponents, Collection<T>> all, BiFunction<ApiComponents, String, Optional<T>> find,
			BiFunction<ApiComponents, T, ApiComponents> with, BiFunction<ApiComponents, T, ApiComponents> without) {

	}

}
