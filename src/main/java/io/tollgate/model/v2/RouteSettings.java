package io.tollgate.model.v2;

import java.util.Set;

import io.tollgate.model.ApiModelException;
import org.jspecify.annotations.Nullable;

/**
 * A stage's settings for its routes (AWS {@code RouteSettings}), as {@code defaultRouteSettings} or per route key in
 * {@code routeSettings}. A {@code null} value is "not set": a route's own setting wins over the default's, which
 * wins over the gateway's.
 *
 * @param loggingLevel WebSocket APIs: {@code ERROR}, {@code INFO} or {@code OFF}
 */
public record RouteSettings(@Nullable Boolean dataTraceEnabled, @Nullable Boolean detailedMetricsEnabled,
		@Nullable String loggingLevel, @Nullable Integer throttlingBurstLimit,
		@Nullable Double throttlingRateLimit) {

	/** What AWS shows for a stage created without settings. */
	public static final RouteSettings DEFAULT = new RouteSettings(null, false, null, null, null);

	private static final Set<String> LOGGING_LEVELS = Set.of("ERROR", "INFO", "OFF");

	public RouteSettings {
		if (loggingLevel != null && !LOGGING_LEVELS.contains(loggingLevel)) {
			throw ApiModelException.badRequest("Invalid loggingLevel " + loggingLevel + ": must be ERROR, INFO or OFF");
		}
		if (throttlingBurstLimit != null && throttlingBurstLimit < 0) {
			throw ApiModelException.badRequest("Invalid throttlingBurstLimit " + throttlingBurstLimit);
		}
		if (throttlingRateLimit != null && (throttlingRateLimit < 0 || throttlingRateLimit.isNaN())) {
			throw ApiModelException.badRequest("Invalid throttlingRateLimit " + throttlingRateLimit);
		}
	}

	/** These settings with the ones set in {@code route} winning. */
	public RouteSettings overriddenBy(@Nullable RouteSettings route) {
		if (route == null) {
			return this;
		}
		return new RouteSettings(pick(route.dataTraceEnabled, this.dataTraceEnabled),
				pick(route.detailedMetricsEnabled, this.detailedMetricsEnabled),
				pick(route.loggingLevel, this.loggingLevel), pick(route.throttlingBurstLimit, this.throttlingBurstLimit),
				pick(route.throttlingRateLimit, this.throttlingRateLimit));
	}

	private static <T> @Nullable T pick(@Nullable T preferred, @Nullable T fallback) {
		return (preferred != null) ? preferred : fallback;
	}

}
