package io.tollgate.usage;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import org.jspecify.annotations.Nullable;

/**
 * A usage plan (AWS {@code UsagePlan}): which API stages its keys may call, and how fast ({@link #throttle()}, per
 * key, refined per method in {@link ApiStage#throttle()}) and how much ({@link #quota()}, per key) they may call
 * them. An API key is admitted to a stage by at most one plan.
 *
 * @param id the plan's identifier
 * @param name the plan's name
 * @param description a description
 * @param apiStages the API stages the plan admits, each at most once
 * @param throttle the per-key throttle, none when absent
 * @param quota the per-key quota, none when absent
 * @param productCode the AWS Marketplace product code
 * @param tags the plan's tags
 */
public record UsagePlan(String id, String name, @Nullable String description, List<ApiStage> apiStages,
		@Nullable ThrottleSettings throttle, @Nullable QuotaSettings quota, @Nullable String productCode,
		Map<String, String> tags) {

	public UsagePlan(String id, String name, @Nullable String description, @Nullable List<ApiStage> apiStages,
			@Nullable ThrottleSettings throttle, @Nullable QuotaSettings quota, @Nullable String productCode,
			@Nullable Map<String, String> tags) {
		if (id == null || id.isBlank()) {
			throw ApiModelException.badRequest("Invalid Usage Plan ID specified");
		}
		if (name == null || name.isBlank()) {
			throw ApiModelException.badRequest("Invalid usage plan name specified");
		}
		this.id = id;
		this.name = name;
		this.description = description;
		this.apiStages = (apiStages != null) ? List.copyOf(apiStages) : List.of();
		Set<String> seen = new HashSet<>();
		for (ApiStage stage : this.apiStages) {
			if (!seen.add(stage.stageId())) {
				throw ApiModelException.badRequest("Duplicate API Stage {api: " + stage.apiId() + ", stage: "
						+ stage.stage() + "} specified for usageplan " + id);
			}
		}
		this.throttle = throttle;
		this.quota = quota;
		this.productCode = productCode;
		this.tags = (tags == null || tags.isEmpty()) ? Map.of()
				: Collections.unmodifiableMap(new LinkedHashMap<>(tags));
	}

	/** The {@link ApiStage#stageId() ids} of the plan's stages. */
	public Set<String> stageIds() {
		Set<String> ids = new LinkedHashSet<>();
		this.apiStages.forEach((stage) -> ids.add(stage.stageId()));
		return ids;
	}

	public Optional<ApiStage> apiStage(String apiId, String stage) {
		return this.apiStages.stream()
			.filter((candidate) -> candidate.apiId().equals(apiId) && candidate.stage().equals(stage))
			.findFirst();
	}

}
