package io.tollgate.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.ModelIds;
import io.tollgate.usage.ApiKey;
import io.tollgate.usage.UsageStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * ImportApiKeys ({@code POST /apikeys?mode=import&format=csv}): the rows of an {@link ApiKeyCsv} file become keys,
 * each added to the usage plans its row names. Unusable rows and unknown plans are warnings, or refuse the whole
 * file with {@code failonwarnings=true}.
 */
final class ApiKeyImport {

	private final UsageStore usage;

	ApiKeyImport(UsageStore usage) {
		this.usage = usage;
	}

	Mono<ServerResponse> importKeys(ServerRequest request) {
		String format = request.queryParam("format").orElse("");
		if (!format.equalsIgnoreCase("csv")) {
			return Mono.error(ApiModelException.badRequest("Invalid format specified: only csv is supported"));
		}
		boolean failOnWarnings = ApiKeyHandler.flag(request, "failonwarnings");
		return request.bodyToMono(String.class).defaultIfEmpty("").flatMap((csv) -> {
			List<ApiKeyCsv.Row> rows = ApiKeyCsv.parse(csv);
			List<String> warnings = new ArrayList<>();
			List<ApiKeyCsv.Row> valid = new ArrayList<>();
			for (ApiKeyCsv.Row row : rows) {
				String problem = problem(row);
				if (problem != null) {
					warnings.add(warning(row, problem));
				}
				else {
					valid.add(row);
				}
			}
			return unknownPlans(valid).flatMap((unknown) -> {
				for (ApiKeyCsv.Row row : valid) {
					row.usagePlanIds()
						.stream()
						.filter(unknown::contains)
						.forEach((planId) -> warnings.add(warning(row, "Invalid Usage Plan ID specified: " + planId)));
				}
				if (failOnWarnings && !warnings.isEmpty()) {
					return Mono.error(ApiModelException
						.badRequest("API keys not imported: " + String.join("; ", warnings)));
				}
				return Flux.fromIterable(valid)
					.concatMap((row) -> importRow(row, unknown, warnings))
					.collectList()
					.flatMap((ids) -> {
						Map<String, Object> body = new LinkedHashMap<>();
						body.put("ids", ids);
						body.put("warnings", warnings);
						return AdminJson.created(body);
					});
			});
		});
	}

	/** What makes a row unusable, without quoting its key; {@code null} when it is fine. */
	private static @Nullable String problem(ApiKeyCsv.Row row) {
		try {
			ApiKey.checkValue(row.key());
			if (row.name().length() > ApiKey.MAX_NAME_LENGTH) {
				return "Invalid API Key name, can be at most 1024 characters.";
			}
			enabled(row);
			return null;
		}
		catch (ApiModelException ex) {
			return ex.getMessage();
		}
	}

	private static String warning(ApiKeyCsv.Row row, String problem) {
		return "Line " + row.line() + ": " + problem;
	}

	private static boolean enabled(ApiKeyCsv.Row row) {
		// An absent Enabled field means true in the file format, unlike CreateApiKey.
		return row.enabled().isEmpty() || ApiKeyHandler.bool(row.enabled(), "Enabled");
	}

	private Mono<Set<String>> unknownPlans(List<ApiKeyCsv.Row> rows) {
		Set<String> planIds = new LinkedHashSet<>();
		rows.forEach((row) -> planIds.addAll(row.usagePlanIds()));
		return Flux.fromIterable(planIds)
			.filterWhen((planId) -> this.usage.findUsagePlan(planId).hasElement().map((found) -> !found))
			.collect(LinkedHashSet::new, Set::add);
	}

	/**
	 * Stores one row: a key with the row's value is overwritten (the file format identifies keys by value), others
	 * are created; then the key is added to the row's plans.
	 */
	private Mono<String> importRow(ApiKeyCsv.Row row, Set<String> unknownPlans, List<String> warnings) {
		// Rows are imported one after the other (concatMap), so warnings needs no lock.
		String description = row.description().isEmpty() ? null : row.description();
		boolean enabled = enabled(row);
		Mono<ApiKey> overwrite = this.usage.findApiKeyByValue(row.key())
			.flatMap((existing) -> this.usage.updateApiKey(existing.id(), (key) -> key.withSettings(row.name(),
					description, enabled, key.customerId(), key.stageKeys(), Instant.now())));
		Mono<ApiKey> create = Mono.defer(() -> {
			Instant now = Instant.now();
			return this.usage.createApiKey(new ApiKey(ModelIds.random(), row.key(), row.name(), description, enabled,
					null, now, now, null, null));
		});
		return overwrite.switchIfEmpty(create)
			// Another import of the same value won the race: overwrite that one.
			.onErrorResume(ApiModelException.Conflict.class, (ex) -> overwrite)
			.flatMap((key) -> Flux.fromIterable(row.usagePlanIds())
				.filter((planId) -> !unknownPlans.contains(planId))
				.concatMap((planId) -> this.usage.createUsagePlanKey(planId, key.id())
					.then()
					.onErrorResume(ApiModelException.class, (ex) -> {
						if (!ex.getMessage().equals(UsageStore.usagePlanKeyExists().getMessage())) {
							warnings.add(warning(row, ex.getMessage()));
						}
						return Mono.empty();
					}))
				.then(Mono.just(key.id())));
	}

}
