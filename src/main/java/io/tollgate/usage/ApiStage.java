package io.tollgate.usage;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.HttpVerbs;
import org.jspecify.annotations.Nullable;

/**
 * A stage of a REST API admitted by a usage plan (AWS {@code ApiStage}), with optional per-method throttles that
 * refine the plan's own.
 *
 * @param apiId the REST API's id
 * @param stage the stage's name
 * @param throttle per-method throttles keyed {@code {resourcePath}/{httpMethod}}, such as {@code /pets/GET}
 */
public record ApiStage(String apiId, String stage, Map<String, ThrottleSettings> throttle) {

	/** Separates the API id and the stage name in {@link #stageId()} and in UpdateUsagePlan paths. */
	public static final char SEPARATOR = ':';

	/** Method throttles allowed per API stage of a usage plan (an AWS limit). */
	public static final int MAX_METHOD_THROTTLES = 20;

	private static final Set<String> VERBS = methods();

	public ApiStage(String apiId, String stage, @Nullable Map<String, ThrottleSettings> throttle) {
		if (apiId == null || apiId.isBlank() || apiId.indexOf(SEPARATOR) >= 0 || stage == null || stage.isBlank()
				|| stage.indexOf(SEPARATOR) >= 0) {
			throw ApiModelException.badRequest("Invalid API Stage specified");
		}
		this.apiId = apiId;
		this.stage = stage;
		if (throttle == null || throttle.isEmpty()) {
			this.throttle = Map.of();
		}
		else {
			if (throttle.size() > MAX_METHOD_THROTTLES) {
				throw ApiModelException.badRequest("At most " + MAX_METHOD_THROTTLES
						+ " method throttles are allowed per API Stage {api: " + apiId + ", stage: " + stage + "}");
			}
			throttle.forEach((method, settings) -> checkMethodKey(method));
			this.throttle = Collections.unmodifiableMap(new LinkedHashMap<>(throttle));
		}
	}

	public static ApiStage of(String apiId, String stage) {
		return new ApiStage(apiId, stage, null);
	}

	/**
	 * Reads {@code apiId:stage}, the form UpdateUsagePlan uses.
	 * @throws ApiModelException.BadRequest when it is not of that form
	 */
	public static ApiStage parse(@Nullable String stageId) {
		int separator = (stageId != null) ? stageId.indexOf(SEPARATOR) : -1;
		if (stageId == null || separator <= 0 || separator == stageId.length() - 1) {
			throw ApiModelException.badRequest("Invalid API Stage specified");
		}
		return of(stageId.substring(0, separator), stageId.substring(separator + 1));
	}

	/** {@code apiId:stage}: identifies this stage among a plan's stages and in the stores' indexes. */
	public String stageId() {
		return this.apiId + SEPARATOR + this.stage;
	}

	/** The key of a method's throttle: the resource path (with its leading {@code /}), {@code /}, the method. */
	public static String methodKey(String resourcePath, String httpMethod) {
		return checkMethodKey(resourcePath + "/" + httpMethod);
	}

	private static String checkMethodKey(String key) {
		int slash = key.lastIndexOf('/');
		if (!key.startsWith("/") || slash < 1 || !VERBS.contains(key.substring(slash + 1))) {
			throw ApiModelException.badRequest("Invalid method throttle '" + key
					+ "': must be {resourcePath}/{httpMethod}, such as /pets/GET");
		}
		return key;
	}

	private static Set<String> methods() {
		Set<String> verbs = new HashSet<>(HttpVerbs.CONCRETE);
		verbs.add(HttpVerbs.ANY);
		verbs.add("*");
		return Set.copyOf(verbs);
	}

	/** This stage with its method throttles replaced. */
	public ApiStage withThrottle(Map<String, ThrottleSettings> newThrottle) {
		return new ApiStage(this.apiId, this.stage, newThrottle);
	}

}
