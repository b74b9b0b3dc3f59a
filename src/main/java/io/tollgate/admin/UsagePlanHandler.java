package io.tollgate.admin;

import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.ModelIds;
import io.tollgate.store.ApiStore;
import io.tollgate.usage.ApiStage;
import io.tollgate.usage.ListingPage;
import io.tollgate.usage.QuotaSettings;
import io.tollgate.usage.ThrottleSettings;
import io.tollgate.usage.UsagePlan;
import io.tollgate.usage.UsagePlanKey;
import io.tollgate.usage.UsageStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * CreateUsagePlan, GetUsagePlan(s), UpdateUsagePlan, DeleteUsagePlan, and the keys of a plan: CreateUsagePlanKey,
 * GetUsagePlanKey(s), DeleteUsagePlanKey. A plan may only admit API stages that exist. GetUsage and UpdateUsage
 * are {@link UsageHandler}'s.
 */
public final class UsagePlanHandler implements AdminRoutes {

	private static final String PLAN_ID = "usageplanId";

	private final UsageStore usage;

	private final ApiStore apis;

	public UsagePlanHandler(UsageStore usage, ApiStore apis) {
		this.usage = usage;
		this.apis = apis;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/usageplans", this::create)
			.GET("/usageplans", this::list)
			.GET("/usageplans/{usageplanId}", this::get)
			.PATCH("/usageplans/{usageplanId}", this::update)
			.DELETE("/usageplans/{usageplanId}", this::delete)
			.POST("/usageplans/{usageplanId}/keys", this::createKey)
			.GET("/usageplans/{usageplanId}/keys", this::listKeys)
			.GET("/usageplans/{usageplanId}/keys/{keyId}", this::getKey)
			.DELETE("/usageplans/{usageplanId}/keys/{keyId}", this::deleteKey)
			.build();
	}

	/** The body of CreateUsagePlan. */
	record CreateUsagePlanRequest(@Nullable String name, @Nullable String description,
			@Nullable List<ApiStage> apiStages, @Nullable ThrottleSettings throttle, @Nullable QuotaSettings quota,
			@Nullable Map<String, String> tags) {
	}

	/** The body of CreateUsagePlanKey. */
	record CreateUsagePlanKeyRequest(@Nullable String keyId, @Nullable String keyType) {
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return AdminJson.read(request, CreateUsagePlanRequest.class).flatMap((body) -> {
			String planId = ModelIds.random();
			UsagePlan plan = new UsagePlan(planId, body.name(), body.description(), body.apiStages(),
					body.throttle(), body.quota(), null, body.tags());
			return requireStages(planId, plan.apiStages()).then(this.usage.createUsagePlan(plan));
		}).flatMap(AdminJson::created);
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		Flux<UsagePlan> plans = request.queryParam("keyId")
			.map(this.usage::findUsagePlansOfKey)
			.orElseGet(this.usage::findUsagePlans);
		return plans.collectList()
			.map((all) -> ListingPage.of(all, UsagePlan::id, request.queryParam("position").orElse(null),
					request.queryParam("limit").orElse(null)))
			.flatMap((page) -> AdminJson.ok(page.body((plan) -> plan)));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		return requirePlan(request).flatMap(AdminJson::ok);
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		String planId = request.pathVariable(PLAN_ID);
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> requirePlan(request)
				.then(requireStages(planId, UsagePlanPatch.addedStages(patch)))
				.then(this.usage.updateUsagePlan(planId, (plan) -> UsagePlanPatch.apply(plan, patch))))
			.flatMap(AdminJson::ok);
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		return this.usage.deleteUsagePlan(request.pathVariable(PLAN_ID))
			.flatMap((deleted) -> deleted ? AdminJson.accepted() : Mono.error(UsageStore.usagePlanNotFound()));
	}

	private Mono<ServerResponse> createKey(ServerRequest request) {
		return AdminJson.read(request, CreateUsagePlanKeyRequest.class).flatMap((body) -> {
			if (body.keyId() == null || body.keyId().isBlank()) {
				throw ApiModelException.badRequest("Invalid API Key identifier specified");
			}
			if (!UsagePlanKey.API_KEY.equals(body.keyType())) {
				throw ApiModelException.badRequest("Invalid key type specified: must be " + UsagePlanKey.API_KEY);
			}
			return this.usage.createUsagePlanKey(request.pathVariable(PLAN_ID), body.keyId());
		}).flatMap(AdminJson::created);
	}

	private Mono<ServerResponse> listKeys(ServerRequest request) {
		String nameQuery = request.queryParam("name").orElse(null);
		return this.usage.findUsagePlanKeys(request.pathVariable(PLAN_ID))
			.filter((key) -> nameQuery == null || (key.name() != null && key.name().startsWith(nameQuery)))
			.collectList()
			.map((keys) -> ListingPage.of(keys, UsagePlanKey::id, request.queryParam("position").orElse(null),
					request.queryParam("limit").orElse(null)))
			.flatMap((page) -> AdminJson.ok(page.body((key) -> key)));
	}

	private Mono<ServerResponse> getKey(ServerRequest request) {
		String keyId = request.pathVariable("keyId");
		return this.usage.findUsagePlanKeys(request.pathVariable(PLAN_ID))
			.filter((key) -> key.id().equals(keyId))
			.next()
			.switchIfEmpty(Mono.error(UsageStore::apiKeyNotFound))
			.flatMap(AdminJson::ok);
	}

	private Mono<ServerResponse> deleteKey(ServerRequest request) {
		return requirePlan(request)
			.then(this.usage.deleteUsagePlanKey(request.pathVariable(PLAN_ID), request.pathVariable("keyId")))
			.flatMap((deleted) -> deleted ? AdminJson.accepted() : Mono.error(UsageStore.apiKeyNotFound()));
	}

	private Mono<UsagePlan> requirePlan(ServerRequest request) {
		return this.usage.findUsagePlan(request.pathVariable(PLAN_ID))
			.switchIfEmpty(Mono.error(UsageStore::usagePlanNotFound));
	}

	/** Refuses stages that do not exist, with AWS's message naming the plan. */
	private Mono<Void> requireStages(String planId, List<ApiStage> stages) {
		return Flux.fromIterable(stages)
			.concatMap((stage) -> this.apis.find(stage.apiId())
				.filter((api) -> api.stage(stage.stage()).isPresent())
				.switchIfEmpty(Mono.error(() -> UsagePlanPatch.invalidStage(stage.apiId(), stage.stage(), planId))))
			.then();
	}

}
