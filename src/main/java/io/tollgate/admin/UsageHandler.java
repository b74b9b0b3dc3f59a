package io.tollgate.admin;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiModelException;
import io.tollgate.usage.ListingPage;
import io.tollgate.usage.QuotaSettings;
import io.tollgate.usage.QuotaWindow;
import io.tollgate.usage.UsageLimiter;
import io.tollgate.usage.UsagePlan;
import io.tollgate.usage.UsagePlanKey;
import io.tollgate.usage.UsageReport;
import io.tollgate.usage.UsageStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * GetUsage and UpdateUsage: what the keys of a usage plan used per day, from the data plane's counters, and
 * extending (or cutting) what remains of a key's quota in its current period. Usage is keyed by API key id; days are
 * UTC dates.
 */
public final class UsageHandler implements AdminRoutes {

	/** The longest range GetUsage answers, in days. */
	static final int MAX_DAYS = 366;

	private final UsageStore usage;

	private final UsageLimiter limiter;

	private final Clock clock;

	public UsageHandler(UsageStore usage, UsageLimiter limiter, Clock clock) {
		this.usage = usage;
		this.limiter = limiter;
		this.clock = clock;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/usageplans/{usageplanId}/usage", this::getUsage)
			.PATCH("/usageplans/{usageplanId}/keys/{keyId}/usage", this::updateUsage)
			.build();
	}

	/** AWS's {@code Usage}; the SDK's {@code items} member is {@code values} on the wire. */
	record Usage(String usagePlanId, String startDate, String endDate, Map<String, List<List<Long>>> values,
			@Nullable String position) {
	}

	private Mono<ServerResponse> getUsage(ServerRequest request) {
		return Mono.defer(() -> readUsage(request)).flatMap(AdminJson::ok);
	}

	private Mono<Usage> readUsage(ServerRequest request) {
		LocalDate start = date(request, "startDate");
		LocalDate end = date(request, "endDate");
		if (end.isBefore(start)) {
			throw ApiModelException.badRequest("The end date must not be before the start date");
		}
		if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
			throw ApiModelException.badRequest("The date range must not exceed " + MAX_DAYS + " days");
		}
		String keyId = request.queryParam("keyId").filter((id) -> !id.isEmpty()).orElse(null);
		return requirePlan(request).flatMap((plan) -> this.usage.findUsagePlanKeys(plan.id())
			.map(UsagePlanKey::id)
			.filter((id) -> keyId == null || id.equals(keyId))
			.sort()
			.collectList()
			.map((keyIds) -> ListingPage.of(keyIds, (id) -> id, request.queryParam("position").orElse(null),
					request.queryParam("limit").orElse(null)))
			.flatMap((page) -> report(plan, page.items(), start, end, page.position())));
	}

	private Mono<ServerResponse> updateUsage(ServerRequest request) {
		String keyId = request.pathVariable("keyId");
		return AdminJson.read(request, PatchRequest.class).flatMap((patch) -> {
			long remaining = remaining(patch);
			return requirePlan(request).flatMap((plan) -> {
				QuotaSettings quota = plan.quota();
				if (quota == null) {
					return Mono.error(ApiModelException.badRequest("Usage plan " + plan.id() + " has no quota"));
				}
				return this.usage.findUsagePlanKeys(plan.id())
					.filter((key) -> key.id().equals(keyId))
					.next()
					.switchIfEmpty(Mono.error(UsageStore::apiKeyNotFound))
					.then(this.limiter.updateRemaining(plan.id(), keyId, quota, remaining))
					.then(Mono.defer(() -> {
						LocalDate today = today();
						return report(plan, List.of(keyId), QuotaWindow.of(quota, today).start(), today, null);
					}));
			});
		}).flatMap(AdminJson::ok);
	}

	private Mono<Usage> report(UsagePlan plan, List<String> keyIds, LocalDate start, LocalDate end,
			@Nullable String position) {
		QuotaSettings quota = plan.quota();
		return this.limiter.usage(plan.id(), keyIds, UsageReport.firstDayNeeded(quota, start), end).map((days) -> {
			Map<String, List<List<Long>>> values = new LinkedHashMap<>();
			for (String keyId : keyIds) {
				values.put(keyId, UsageReport.days(days.getOrDefault(keyId, Map.of()), quota, start, end));
			}
			return new Usage(plan.id(), start.toString(), end.toString(), values, position);
		});
	}

	/** The one operation UpdateUsage takes: {@code replace /remaining} with a whole number. */
	private static long remaining(PatchRequest patch) {
		if (patch.patchOperations().size() != 1) {
			throw ApiModelException.badRequest("UpdateUsage takes exactly one operation: replace /remaining");
		}
		PatchRequest.Operation operation = patch.patchOperations().get(0);
		if (!operation.op().equals("replace") || !operation.path().equals("/remaining")) {
			throw operation.unsupported();
		}
		try {
			long remaining = Long.parseLong(operation.requireValue().trim());
			if (remaining < 0) {
				throw ApiModelException.badRequest("Invalid remaining quota: must not be negative");
			}
			return remaining;
		}
		catch (NumberFormatException ex) {
			throw ApiModelException.badRequest("Invalid remaining quota: " + operation.value());
		}
	}

	private Mono<UsagePlan> requirePlan(ServerRequest request) {
		return this.usage.findUsagePlan(request.pathVariable("usageplanId"))
			.switchIfEmpty(Mono.error(UsageStore::usagePlanNotFound));
	}

	private static LocalDate date(ServerRequest request, String name) {
		String value = request.queryParam(name)
			.filter((text) -> !text.isEmpty())
			.orElseThrow(() -> ApiModelException.badRequest("The " + name + " parameter is required"));
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw ApiModelException.badRequest("Invalid " + name + " '" + value + "': must be YYYY-MM-DD");
		}
	}

	private LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

}
