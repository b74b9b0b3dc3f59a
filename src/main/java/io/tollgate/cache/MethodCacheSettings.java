package io.tollgate.cache;

import java.time.Duration;
import java.util.function.Function;

import io.tollgate.model.CanarySettings;
import io.tollgate.model.HttpVerbs;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Stage;
import io.tollgate.pipeline.DeployedMethod;
import org.jspecify.annotations.Nullable;

/**
 * How the stage cache treats one deployed method, resolved once from the stage as AWS does: the stage's cache
 * cluster must be enabled; a method's own setting wins field by field over the stage-wide {@code *}{@code /*} one;
 * only GET is cached unless the method's own setting enables caching; a TTL of 0 disables it (default 300 s).
 *
 * @param ttl how long an entry lives
 * @param onlyGet whether only GET requests are cached (an {@code ANY} method cached by the stage-wide default)
 * @param requireAuthorization whether {@code max-age=0} needs {@code execute-api:InvalidateCache}
 * @param unauthorizedStrategy what an unauthorized {@code max-age=0} gets
 * @param deploymentId the deployment whose entries the method shares (the stage's, for a canary using its cache)
 * @param generation changes whenever the stage does, so that a stage re-pointed at an earlier deployment starts
 * from an empty cache
 */
record MethodCacheSettings(Duration ttl, boolean onlyGet, boolean requireAuthorization,
		UnauthorizedCacheControlHeaderStrategy unauthorizedStrategy, String deploymentId, long generation) {

	static final int DEFAULT_TTL_SECONDS = 300;

	/** The method's cache settings, or {@code null} when its responses are not cached. */
	static @Nullable MethodCacheSettings of(DeployedMethod method) {
		Stage stage = method.stage();
		if (stage == null || !stage.cacheClusterEnabled()) {
			return null;
		}
		String deploymentId = method.deploymentId();
		if (method.canary()) {
			CanarySettings canary = stage.canarySettings();
			if (canary == null || !canary.useStageCache()) {
				return null;
			}
			deploymentId = stage.deploymentId();
		}
		// The method's setting with the stage-wide one's fields under it (DeployedMethod#settingFor); whether caching
		// was the method's own choice is read from its own setting, as only the stage-wide default is GET-only.
		MethodSetting setting = method.methodSetting();
		String verb = method.method().httpMethod();
		MethodSetting own = stage.methodSettings().get(MethodSetting.keyFor(method.resource().path(), verb));
		Boolean ownEnabled = (own != null) ? own.cachingEnabled() : null;
		boolean enabled;
		boolean onlyGet;
		if (ownEnabled != null) {
			enabled = ownEnabled;
			onlyGet = false;
		}
		else {
			Boolean stageWide = (setting != null) ? setting.cachingEnabled() : null;
			enabled = (stageWide == null || stageWide) && (verb.equals("GET") || verb.equals(HttpVerbs.ANY));
			onlyGet = true;
		}
		int ttlSeconds = field(setting, MethodSetting::cacheTtlInSeconds, DEFAULT_TTL_SECONDS);
		if (!enabled || ttlSeconds <= 0) {
			return null;
		}
		boolean requireAuthorization = field(setting, MethodSetting::requireAuthorizationForCacheControl, true);
		UnauthorizedCacheControlHeaderStrategy strategy = UnauthorizedCacheControlHeaderStrategy
			.of(field(setting, MethodSetting::unauthorizedCacheControlHeaderStrategy, null));
		long generation = (stage.lastUpdatedDate() != null) ? stage.lastUpdatedDate().toEpochMilli() : 0L;
		return new MethodCacheSettings(Duration.ofSeconds(ttlSeconds), onlyGet, requireAuthorization, strategy,
				deploymentId, generation);
	}

	private static <T> T field(@Nullable MethodSetting setting, Function<MethodSetting, @Nullable T> field,
			T fallback) {
		T value = (setting != null) ? field.apply(setting) : null;
		return (value != null) ? value : fallback;
	}

}
