package io.tollgate.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tollgate.model.AccessLogSettings;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.CanarySettings;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Stage;
import org.jspecify.annotations.Nullable;

/**
 * Applies the patch operations of AWS's {@code UpdateStage} to a stage, in order, with AWS's paths and error
 * messages (recorded against AWS where LocalStack's snapshots have them): the stage's own fields, its variables,
 * its canary, its method settings ({@link StageMethodSettings}) and the {@code copy} operations that promote a
 * canary. A {@code replace} under {@code /canarySettings} on a stage without a canary creates one on the stage's
 * deployment with no traffic, as AWS does.
 */
final class StagePatches {

	/** AWS's own list of UpdateStage paths for its error message, verbatim (the missing commas are AWS's). */
	private static final String VALID_PATHS = "[/deploymentId, /description, /cacheClusterEnabled, "
			+ "/cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, "
			+ "/accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, "
			+ "/{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, "
			+ "/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit"
			+ "/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, "
			+ "/{resourcePath}/{httpMethod}/caching/dataEncrypted, "
			+ "/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, "
			+ "/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, "
			+ "/*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit "
			+ "/*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, "
			+ "/*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, "
			+ "/variables/{variable_name}, /tracingEnabled]";

	/** AWS's cache cluster sizes (GB). */
	private static final Set<String> CACHE_CLUSTER_SIZES = Set.of("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118",
			"237");

	/** The size AWS gives a cache cluster enabled without one. */
	private static final String DEFAULT_CACHE_CLUSTER_SIZE = "0.5";

	private static final Set<String> CANARY_FIELDS = Set.of("percentTraffic", "deploymentId", "useStageCache");

	private static final String OVERRIDES = "stageVariableOverrides";

	private final ApiDefinition api;

	private final Draft draft;

	private StagePatches(ApiDefinition api, Draft draft) {
		this.api = api;
		this.draft = draft;
	}

	/** The stage with every operation applied; any operation AWS refuses refuses the whole update. */
	static Stage apply(ApiDefinition api, Stage stage, List<PatchRequest.Operation> operations) {
		StagePatches patches = new StagePatches(api, Draft.of(stage));
		operations.forEach(patches::apply);
		return patches.draft.toStage();
	}

	private void apply(PatchRequest.Operation operation) {
		if (operation.op().equals("copy")) {
			copy(operation);
			return;
		}
		List<String> path = operation.segments();
		String first = path.get(0);
		if (path.size() == 4 || (path.size() == 2 && !Set.of("variables", "canarySettings", "accessLogSettings")
			.contains(first))) {
			if (!StageMethodSettings.isMethodSettingPath(path)) {
				throw invalidPath(operation);
			}
			this.draft.methodSettings.apply(operation, path);
			return;
		}
		if (first.equals("canarySettings")) {
			canary(operation, path);
			return;
		}
		if (first.equals("accessLogSettings")) {
			accessLog(operation, path);
			return;
		}
		boolean remove = operation.op().equals("remove");
		if (!remove && !operation.op().equals("replace") && !operation.op().equals("add")) {
			throw invalidPath(operation);
		}
		if (path.size() == 2 && first.equals("variables")) {
			if (remove) {
				this.draft.variables.remove(path.get(1));
			}
			else {
				this.draft.variables.put(path.get(1), operation.requireValue());
			}
			return;
		}
		if (path.size() != 1 || (remove && !first.equals("description") && !first.equals("clientCertificateId"))) {
			throw invalidPath(operation);
		}
		switch (first) {
			case "description" -> this.draft.description = remove ? null : operation.value();
			case "deploymentId" -> this.draft.deploymentId = requireDeployment(operation.requireValue());
			case "cacheClusterEnabled" -> this.draft.cacheClusterEnabled = bool(operation);
			case "cacheClusterSize" -> this.draft.cacheClusterSize = cacheClusterSize(operation.requireValue());
			case "tracingEnabled" -> this.draft.tracingEnabled = bool(operation);
			case "clientCertificateId" -> {
				// Tollgate has no client certificates, so no id can name one.
				if (!remove && operation.value() != null && !operation.value().isEmpty()) {
					throw ApiModelException.badRequest("Invalid client certificate identifier specified");
				}
			}
			default -> throw invalidPath(operation);
		}
	}

	private void canary(PatchRequest.Operation operation, List<String> path) {
		String op = operation.op();
		if (path.size() == 1) {
			if (!op.equals("remove")) {
				throw invalidPath(operation);
			}
			this.draft.canary = null;
			return;
		}
		String field = path.get(1);
		boolean override = path.size() == 3 && field.equals(OVERRIDES);
		if (op.equals("remove")) {
			if (!override || this.draft.canary == null) {
				throw StageMethodSettings.cannotRemove(operation);
			}
			CanarySettings canary = this.draft.canary;
			Map<String, String> overrides = new LinkedHashMap<>(canary.stageVariableOverrides());
			overrides.remove(path.get(2));
			this.draft.canary = new CanarySettings(canary.deploymentId(), canary.percentTraffic(), overrides,
					canary.useStageCache());
			return;
		}
		if (op.equals("add")) {
			throw ApiModelException.badRequest("Invalid add operation with path: " + operation.path());
		}
		if (!op.equals("replace") || !(override || (path.size() == 2 && CANARY_FIELDS.contains(field)))) {
			throw invalidPath(operation);
		}
		CanarySettings canary = (this.draft.canary != null) ? this.draft.canary
				: new CanarySettings(this.draft.deploymentId, 0.0, null, false);
		String value = operation.requireValue();
		Map<String, String> overrides = new LinkedHashMap<>(canary.stageVariableOverrides());
		if (override) {
			overrides.put(path.get(2), value);
		}
		this.draft.canary = new CanarySettings(
				field.equals("deploymentId") ? requireDeployment(value) : canary.deploymentId(),
				field.equals("percentTraffic") ? StageMethodSettings.number(value) : canary.percentTraffic(),
				overrides, field.equals("useStageCache") ? bool(operation) : canary.useStageCache());
	}

	private void accessLog(PatchRequest.Operation operation, List<String> path) {
		AccessLogSettings current = this.draft.accessLogSettings;
		boolean remove = operation.op().equals("remove");
		if (path.size() == 1 && remove) {
			this.draft.accessLogSettings = null;
			return;
		}
		if (path.size() != 2 || !(remove || operation.op().equals("replace") || operation.op().equals("add"))) {
			throw invalidPath(operation);
		}
		String value = remove ? null : operation.requireValue();
		if (value != null && value.isBlank()) {
			// AWS refuses an empty destination or format rather than storing it.
			throw ApiModelException.badRequest(path.get(1).equals("format")
					? "Access Log format must include either $context.requestId or $context.extendedRequestId : '"
							+ value + "'"
					: "Invalid ARN specified in the request. ARNs must start with 'arn:': " + value);
		}
		String format = (current != null) ? current.format() : null;
		String destinationArn = (current != null) ? current.destinationArn() : null;
		switch (path.get(1)) {
			case "format" -> format = value;
			case "destinationArn" -> destinationArn = value;
			default -> throw invalidPath(operation);
		}
		this.draft.accessLogSettings = (format == null && destinationArn == null) ? null
				: new AccessLogSettings(format, destinationArn);
	}

	/**
	 * The promotion the AWS console sends: copy the canary's deployment to the stage's and its overrides into the
	 * stage's variables. These are the only copies AWS accepts.
	 */
	private void copy(PatchRequest.Operation operation) {
		String path = operation.path();
		String from = operation.from();
		boolean deployment = path.equals("/deploymentId") && "/canarySettings/deploymentId".equals(from);
		boolean variables = path.equals("/variables") && "/canarySettings/stageVariableOverrides".equals(from);
		if (!deployment && !variables) {
			throw ApiModelException.badRequest("Invalid copy operation with path: " + path + " and from " + from
					+ ". Valid copy:path are [/deploymentId, /variables] and valid copy:from are "
					+ "[/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]");
		}
		CanarySettings canary = this.draft.canary;
		if (canary == null || canary.deploymentId() == null) {
			throw ApiModelException.badRequest("Promotion not available. Canary does not exist.");
		}
		if (deployment) {
			this.draft.deploymentId = canary.deploymentId();
		}
		else {
			this.draft.variables.putAll(canary.stageVariableOverrides());
		}
	}

	private String requireDeployment(String deploymentId) {
		if (!this.api.deployments().containsKey(deploymentId)) {
			throw ApiModelException.badRequest("Deployment id does not exist");
		}
		return deploymentId;
	}

	private static boolean bool(PatchRequest.Operation operation) {
		return StageMethodSettings.bool(operation.requireValue());
	}

	/** A cache cluster size AWS offers. */
	static String cacheClusterSize(String size) {
		if (!CACHE_CLUSTER_SIZES.contains(size)) {
			throw ApiModelException.badRequest("Invalid cache cluster size specified: " + size
					+ ". Must be one of: [0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237]");
		}
		return size;
	}

	static ApiModelException invalidPath(PatchRequest.Operation operation) {
		return ApiModelException
			.badRequest("Invalid method setting path: " + operation.path() + ". Must be one of: " + VALID_PATHS);
	}

	/** A stage being changed field by field; {@link #toStage()} has the model check the result. */
	static final class Draft {

		private final String stageName;

		private final @Nullable Instant createdDate;

		private final Map<String, String> tags;

		String deploymentId;

		@Nullable String description;

		final Map<String, String> variables;

		final StageMethodSettings methodSettings;

		boolean cacheClusterEnabled;

		@Nullable String cacheClusterSize;

		@Nullable CanarySettings canary;

		boolean tracingEnabled;

		@Nullable AccessLogSettings accessLogSettings;

		private Draft(Stage stage) {
			this.stageName = stage.stageName();
			this.createdDate = stage.createdDate();
			this.tags = stage.tags();
			this.deploymentId = stage.deploymentId();
			this.description = stage.description();
			this.variables = new LinkedHashMap<>(stage.variables());
			this.methodSettings = new StageMethodSettings(stage.methodSettings());
			this.cacheClusterEnabled = stage.cacheClusterEnabled();
			this.cacheClusterSize = stage.cacheClusterSize();
			this.canary = stage.canarySettings();
			this.tracingEnabled = stage.tracingEnabled();
			this.accessLogSettings = stage.accessLogSettings();
		}

		static Draft of(Stage stage) {
			return new Draft(stage);
		}

		Stage toStage() {
			String size = (this.cacheClusterEnabled && this.cacheClusterSize == null) ? DEFAULT_CACHE_CLUSTER_SIZE
					: this.cacheClusterSize;
			Map<String, MethodSetting> settings = this.methodSettings.toMap();
			return new Stage(this.stageName, this.deploymentId, this.description, this.variables, settings,
					this.cacheClusterEnabled, size, this.canary, this.tracingEnabled, this.accessLogSettings,
					this.tags, this.createdDate, Instant.now());
		}

	}

}
