package io.tollgate.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.ModelIds;
import io.tollgate.store.ApiStore;
import io.tollgate.usage.ApiKey;
import io.tollgate.usage.ListingPage;
import io.tollgate.usage.UsageStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey, and ImportApiKeys ({@link ApiKeyImport}). A key's value
 * is returned by CreateApiKey, and by the Get calls only when asked for with {@code includeValue(s)=true}.
 */
public final class ApiKeyHandler implements AdminRoutes {

	private final UsageStore usage;

	private final ApiStore apis;

	private final ApiKeyImport imports;

	public ApiKeyHandler(UsageStore usage, ApiStore apis) {
		this.usage = usage;
		this.apis = apis;
		this.imports = new ApiKeyImport(usage);
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/apikeys", RequestPredicates.queryParam("mode", "import"::equals), this.imports::importKeys)
			.POST("/apikeys", this::create)
			.GET("/apikeys", this::list)
			.GET("/apikeys/{apiKey}", this::get)
			.PATCH("/apikeys/{apiKey}", this::update)
			.DELETE("/apikeys/{apiKey}", this::delete)
			.build();
	}

	/** The body of CreateApiKey; {@code generateDistinctId} is accepted and ignored, as AWS does today. */
	record CreateApiKeyRequest(@Nullable String name, @Nullable String description, @Nullable Boolean enabled,
			@Nullable Boolean generateDistinctId, @Nullable String value, @Nullable List<StageKey> stageKeys,
			@Nullable String customerId, @Nullable Map<String, String> tags) {

		@Override
		public String toString() {
			return "CreateApiKeyRequest[name=" + this.name + "]";
		}

	}

	record StageKey(@Nullable String restApiId, @Nullable String stageName) {
	}

	/** An API key as the management API returns it: without its value unless asked for. */
	record ApiKeyView(String id, @Nullable String value, @Nullable String name, @Nullable String customerId,
			@Nullable String description, boolean enabled, Instant createdDate, Instant lastUpdatedDate,
			@JsonInclude(JsonInclude.Include.ALWAYS) List<String> stageKeys, Map<String, String> tags) {

		static ApiKeyView of(ApiKey key, boolean includeValue) {
			return new ApiKeyView(key.id(), includeValue ? key.value() : null, key.name(), key.customerId(),
					key.description(), key.enabled(), key.createdDate(), key.lastUpdatedDate(), key.stageKeys(),
					key.tags());
		}

		@Override
		public String toString() {
			return "ApiKeyView[id=" + this.id + "]";
		}

	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return AdminJson.read(request, CreateApiKeyRequest.class).flatMap((body) -> {
			List<String> stageKeys = new ArrayList<>();
			for (StageKey stageKey : (body.stageKeys() != null) ? body.stageKeys() : List.<StageKey>of()) {
				if (stageKey.restApiId() == null || stageKey.stageName() == null) {
					throw ApiModelException.badRequest("Invalid stage key: restApiId and stageName are required");
				}
				stageKeys.add(stageKey.restApiId() + "/" + stageKey.stageName());
			}
			Instant now = Instant.now();
			// Checked before the stages are looked up: the cheaper refusal comes first.
			// An empty value asks for a generated one, as an absent one does (AWS tools send "").
			String value = (body.value() != null && !body.value().isEmpty()) ? ApiKey.checkValue(body.value())
					: ApiKey.generateValue();
			ApiKey key = new ApiKey(ModelIds.random(), value, body.name(), body.description(),
					Boolean.TRUE.equals(body.enabled()), body.customerId(), now, now, stageKeys, body.tags());
			return requireStages(stageKeys).then(this.usage.createApiKey(key));
		}).flatMap((key) -> AdminJson.created(ApiKeyView.of(key, true)));
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		boolean includeValues = flag(request, "includeValues");
		String nameQuery = request.queryParam("name").orElse(null);
		String customerId = request.queryParam("customerId").orElse(null);
		return this.usage.findApiKeys()
			.filter((key) -> nameQuery == null || (key.name() != null && key.name().startsWith(nameQuery)))
			.filter((key) -> customerId == null || customerId.equals(key.customerId()))
			.collectList()
			.map((keys) -> ListingPage.of(keys, ApiKey::id, request.queryParam("position").orElse(null),
					request.queryParam("limit").orElse(null)))
			.flatMap((page) -> AdminJson.ok(page.body((key) -> ApiKeyView.of(key, includeValues))));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return this.usage.findApiKey(request.pathVariable("apiKey"))
			.switchIfEmpty(Mono.error(UsageStore::apiKeyNotFound))
			.flatMap((key) -> AdminJson.ok(ApiKeyView.of(key, flag(request, "includeValue"))));
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String keyId = request.pathVariable("apiKey");
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> this.usage.findApiKey(keyId)
				.switchIfEmpty(Mono.error(UsageStore::apiKeyNotFound))
				.then(requireStages(addedStages(patch)))
				.then(this.usage.updateApiKey(keyId, (key) -> patched(key, patch))))
			.flatMap((key) -> AdminJson.ok(ApiKeyView.of(key, false)));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		return this.usage.deleteApiKey(request.pathVariable("apiKey"))
			.flatMap((deleted) -> deleted ? AdminJson.accepted() : Mono.error(UsageStore.apiKeyNotFound()));
	}

	private static ApiKey patched(ApiKey key, PatchRequest patch) {
		String name = key.name();
		String description = key.description();
		boolean enabled = key.enabled();
		String customerId = key.customerId();
		Set<String> stageKeys = new LinkedHashSet<>(key.stageKeys());
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			boolean remove = operation.op().equals("remove");
			switch (operation.path()) {
				case "/name" -> name = remove ? null : operation.requireValue();
				case "/description" -> description = remove ? null : operation.value();
				case "/customerId" -> customerId = remove ? null : operation.value();
				case "/enabled" -> {
					if (remove) {
						throw operation.unsupported();
					}
					enabled = bool(operation.requireValue(), "/enabled");
				}
				case "/stages" -> {
					if (operation.op().equals("add")) {
						stageKeys.add(stageKey(operation.requireValue()));
					}
					else if (remove) {
						stageKeys.remove(stageKey(operation.requireValue()));
					}
					else {
						throw operation.unsupported();
					}
				}
				default -> throw operation.unsupported();
			}
		}
		return key.withSettings(name, description, enabled, customerId, List.copyOf(stageKeys), Instant.now());
	}

	private static List<String> addedStages(PatchRequest patch) {
		return patch.patchOperations()
			.stream()
			.filter((operation) -> operation.path().equals("/stages") && operation.op().equals("add"))
			.map((operation) -> stageKey(operation.requireValue()))
			.toList();
	}

	/** A legacy stage key, {@code restApiId/stageName}. */
	private static String stageKey(String value) {
		int slash = value.indexOf('/');
		if (slash <= 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
			throw ApiModelException.badRequest("Invalid stage key " + value + ": must be {restApiId}/{stageName}");
		}
		return value;
	}

	/** Refuses stage keys naming a stage that does not exist. */
	private Mono<Void> requireStages(List<String> stageKeys) {
		return Flux.fromIterable(stageKeys).concatMap((stageKey) -> {
			int slash = stageKey.indexOf('/');
			String apiId = stageKey.substring(0, slash);
			String stage = stageKey.substring(slash + 1);
			return this.apis.find(apiId)
				.filter((api) -> api.stage(stage).isPresent())
				.switchIfEmpty(Mono.error(() -> ApiModelException.notFound("Invalid stage identifier specified")));
		}).then();
	}

	static boolean flag(ServerRequest request, String name) {
		return request.queryParam(name).map((value) -> value.equalsIgnoreCase("true")).orElse(false);
	}

	static boolean bool(String value, String field) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw ApiModelException.badRequest("Invalid value for " + field + ": must be true or false");
		};
	}

}
