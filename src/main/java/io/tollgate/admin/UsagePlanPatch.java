package io.tollgate.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiModelException;
import io.tollgate.usage.ApiStage;
import io.tollgate.usage.QuotaPeriod;
import io.tollgate.usage.QuotaSettings;
import io.tollgate.usage.ThrottleSettings;
import io.tollgate.usage.UsagePlan;
import org.jspecify.annotations.Nullable;

/**
 * The patch operations of UpdateUsagePlan applied to a plan:
 * <ul>
 * <li>{@code replace /name}, {@code /description}, {@code /productCode} ({@code remove} too, but for the name);</li>
 * <li>{@code replace /throttle/burstLimit}, {@code /throttle/rateLimit}, {@code /quota/limit},
 * {@code /quota/offset}, {@code /quota/period}; {@code remove /throttle}, {@code /quota};</li>
 * <li>{@code add} or {@code remove /apiStages} with the value {@code apiId:stage};</li>
 * <li>{@code replace /apiStages/{apiId:stage}/throttle/{resourcePath}/{httpMethod}/burstLimit} (or
 * {@code rateLimit}), the resource path's slashes escaped as {@code ~1}; {@code remove} of
 * {@code .../throttle/{resourcePath}/{httpMethod}} or of {@code .../throttle}.</li>
 * </ul>
 * {@code add} and {@code replace} are the same for the settings. Partial throttles start from 0; a quota needs a
 * period by the end of the patch.
 */
final class UsagePlanPatch {

	private final UsagePlan plan;

	private String name;

	private @Nullable String description;

	private @Nullable String productCode;

	private @Nullable Integer burstLimit;

	private @Nullable Double rateLimit;

	private @Nullable Integer quotaLimit;

	private @Nullable Integer quotaOffset;

	private @Nullable QuotaPeriod quotaPeriod;

	/** The plan's stages by {@code apiId:stage}, each with its method throttles by {@code /path/METHOD}. */
	private final Map<String, Map<String, ThrottleSettings>> stages = new LinkedHashMap<>();

	private UsagePlanPatch(UsagePlan plan) {
		this.plan = plan;
		this.name = plan.name();
		this.description = plan.description();
		this.productCode = plan.productCode();
		if (plan.throttle() != null) {
			this.burstLimit = plan.throttle().burstLimit();
			this.rateLimit = plan.throttle().rateLimit();
		}
		if (plan.quota() != null) {
			this.quotaLimit = plan.quota().limit();
			this.quotaOffset = plan.quota().offset();
			this.quotaPeriod = plan.quota().period();
		}
		plan.apiStages().forEach((stage) -> this.stages.put(stage.stageId(), new LinkedHashMap<>(stage.throttle())));
	}

	/** The stages the patch adds: they must exist, which the caller checks before applying it. */
	static List<ApiStage> addedStages(PatchRequest patch) {
		return patch.patchOperations()
			.stream()
			.filter((operation) -> operation.op().equals("add") && operation.path().equals("/apiStages"))
			.map((operation) -> ApiStage.parse(operation.value()))
			.toList();
	}

	/**
	 * The plan with the patch applied.
	 * @throws ApiModelException when an operation is not supported or its value is invalid
	 */
	static UsagePlan apply(UsagePlan plan, PatchRequest patch) {
		UsagePlanPatch patched = new UsagePlanPatch(plan);
		patch.patchOperations().forEach(patched::apply);
		return patched.result();
	}

	private void apply(PatchRequest.Operation operation) {
		List<String> path = operation.segments();
		boolean remove = operation.op().equals("remove");
		boolean set = operation.op().equals("replace") || operation.op().equals("add");
		String field = String.join("/", path);
		switch (field) {
			case "name" -> {
				if (!set) {
					throw operation.unsupported();
				}
				this.name = operation.requireValue();
			}
			case "description" -> this.description = remove ? null : operation.value();
			case "productCode" -> this.productCode = remove ? null : operation.value();
			case "throttle" -> {
				if (!remove) {
					throw operation.unsupported();
				}
				this.burstLimit = null;
				this.rateLimit = null;
			}
			case "throttle/burstLimit" -> this.burstLimit = set ? integer(operation) : unsupported(operation);
			case "throttle/rateLimit" -> this.rateLimit = set ? number(operation) : unsupported(operation);
			case "quota" -> {
				if (!remove) {
					throw operation.unsupported();
				}
				this.quotaLimit = null;
				this.quotaOffset = null;
				this.quotaPeriod = null;
			}
			case "quota/limit" -> this.quotaLimit = set ? integer(operation) : unsupported(operation);
			case "quota/offset" -> this.quotaOffset = set ? integer(operation) : unsupported(operation);
			case "quota/period" -> this.quotaPeriod = set ? period(operation) : unsupported(operation);
			case "apiStages" -> stages(operation);
			default -> {
				if (path.size() >= 3 && path.get(0).equals("apiStages") && path.get(2).equals("throttle")) {
					methodThrottle(operation, path);
				}
				else {
					throw operation.unsupported();
				}
			}
		}
	}

	private void stages(PatchRequest.Operation operation) {
		ApiStage stage = ApiStage.parse(operation.value());
		switch (operation.op()) {
			// Adding a stage the plan has already changes nothing.
			case "add" -> this.stages.putIfAbsent(stage.stageId(), new LinkedHashMap<>());
			case "remove" -> {
				if (this.stages.remove(stage.stageId()) == null) {
					throw invalidStage(stage.apiId(), stage.stage());
				}
			}
			default -> throw operation.unsupported();
		}
	}

	/** {@code /apiStages/{apiId:stage}/throttle[/{resourcePath}/{httpMethod}[/burstLimit|rateLimit]]}. */
	private void methodThrottle(PatchRequest.Operation operation, List<String> path) {
		ApiStage stage = ApiStage.parse(path.get(1));
		Map<String, ThrottleSettings> throttles = this.stages.get(stage.stageId());
		if (throttles == null) {
			throw invalidStage(stage.apiId(), stage.stage());
		}
		boolean remove = operation.op().equals("remove");
		if (path.size() == 3) {
			if (!remove) {
				throw operation.unsupported();
			}
			throttles.clear();
			return;
		}
		String last = path.get(path.size() - 1);
		if (remove) {
			// The resource path may arrive escaped (~1pets, one segment) or not (pets, after an empty segment).
			throttles.remove(methodKey(path.subList(3, path.size())));
			return;
		}
		if (path.size() < 6 || !(last.equals("burstLimit") || last.equals("rateLimit"))) {
			throw operation.unsupported();
		}
		String key = methodKey(path.subList(3, path.size() - 1));
		ThrottleSettings current = throttles.getOrDefault(key, new ThrottleSettings(0, 0));
		throttles.put(key, last.equals("burstLimit") ? new ThrottleSettings(integer(operation), current.rateLimit())
				: new ThrottleSettings(current.burstLimit(), number(operation)));
	}

	/** {@code /pets/GET} from the segments {@code [/pets, GET]} or {@code [, pets, GET]}. */
	private static String methodKey(List<String> segments) {
		if (segments.size() < 2) {
			throw ApiModelException.badRequest("Invalid method throttle path: {resourcePath}/{httpMethod} expected");
		}
		String resourcePath = String.join("/", segments.subList(0, segments.size() - 1));
		return ApiStage.methodKey(resourcePath.startsWith("/") ? resourcePath : "/" + resourcePath,
				segments.get(segments.size() - 1));
	}

	private UsagePlan result() {
		ThrottleSettings throttle = (this.burstLimit == null && this.rateLimit == null) ? null
				: new ThrottleSettings((this.burstLimit != null) ? this.burstLimit : 0,
						(this.rateLimit != null) ? this.rateLimit : 0);
		QuotaSettings quota = (this.quotaLimit == null && this.quotaOffset == null && this.quotaPeriod == null) ? null
				: new QuotaSettings((this.quotaLimit != null) ? this.quotaLimit : 0,
						(this.quotaOffset != null) ? this.quotaOffset : 0, this.quotaPeriod);
		List<ApiStage> apiStages = this.stages.entrySet().stream().map((entry) -> {
			ApiStage stage = ApiStage.parse(entry.getKey());
			return new ApiStage(stage.apiId(), stage.stage(), entry.getValue());
		}).toList();
		return new UsagePlan(this.plan.id(), this.name, this.description, apiStages, throttle, quota,
				this.productCode, this.plan.tags());
	}

	static ApiModelException invalidStage(String apiId, String stage, String planId) {
		return ApiModelException.notFound("Invalid API Stage {api: " + apiId + ", stage: " + stage
				+ "} specified for usageplan " + planId);
	}

	private ApiModelException invalidStage(String apiId, String stage) {
		return invalidStage(apiId, stage, this.plan.id());
	}

	private static <T> T unsupported(PatchRequest.Operation operation) {
		throw operation.unsupported();
	}

	private static int integer(PatchRequest.Operation operation) {
		try {
			return Integer.parseInt(operation.requireValue().trim());
		}
		catch (NumberFormatException ex) {
			throw ApiModelException.badRequest("Invalid value for " + operation.path() + ": an integer is required");
		}
	}

	private static double number(PatchRequest.Operation operation) {
		try {
			return Double.parseDouble(operation.requireValue().trim());
		}
		catch (NumberFormatException ex) {
			throw ApiModelException.badRequest("Invalid value for " + operation.path() + ": a number is required");
		}
	}

	private static QuotaPeriod period(PatchRequest.Operation operation) {
		try {
			return QuotaPeriod.valueOf(operation.requireValue().trim());
		}
		catch (IllegalArgumentException ex) {
			throw ApiModelException.badRequest("Invalid value for " + operation.path()
					+ ": must be one of DAY, WEEK, MONTH");
		}
	}

}
