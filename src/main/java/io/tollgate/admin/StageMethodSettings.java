package io.tollgate.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.HttpVerbs;
import io.tollgate.model.MethodSetting;
import org.jspecify.annotations.Nullable;

/**
 * The method settings of a stage as UpdateStage changes them: {@code /{resourcePath}/{METHOD}/{group}/{field}}
 * sets one field of the setting keyed {@code resourcePath without its leading slash/METHOD} (the resource path's
 * inner slashes escaped as {@code ~1}), {@code /*}{@code /*}{@code /...} the setting of every method, and
 * {@code remove /{resourcePath}/{METHOD}} drops a whole setting.
 * <p>
 * The first patch of a setting creates it whole, as AWS does: {@code *}{@code /*} with AWS's defaults (recorded
 * against AWS), so that it reads as the account limits and caching defaults; a setting of one method with the values
 * in effect for it, the stage's {@code *}{@code /*} where set and AWS's defaults elsewhere, so that creating it
 * changes nothing but the field patched. A throttling value of {@code -1} (what the AWS tools send to drop an
 * override) makes a method inherit {@code *}{@code /*} again and resets {@code *}{@code /*} to the account default.
 */
final class StageMethodSettings {

	/** The {@code *}{@code /*} setting as AWS creates it on its first patch. */
	static final MethodSetting ALL_METHODS_DEFAULTS = new MethodSetting(false, null, false, 5000, 10000.0, false, 300,
			false, true, "SUCCEED_WITH_RESPONSE_HEADER");

	private static final Set<String> LOGGING_LEVELS = Set.of("OFF", "ERROR", "INFO");

	private static final Set<String> CACHE_CONTROL_STRATEGIES = Set.of("FAIL_WITH_403",
			"SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER");

	private static final String WILDCARD = "*";

	private final Map<String, MethodSetting> settings;

	StageMethodSettings(Map<String, MethodSetting> settings) {
		this.settings = new LinkedHashMap<>(settings);
	}

	Map<String, MethodSetting> toMap() {
		return this.settings;
	}

	/** Whether {@code path} (the operation's unescaped segments) names a method setting or one of its fields. */
	static boolean isMethodSettingPath(List<String> path) {
		if (path.size() != 2 && path.size() != 4) {
			return false;
		}
		boolean wildcard = WILDCARD.equals(path.get(0)) && WILDCARD.equals(path.get(1));
		boolean method = !WILDCARD.equals(path.get(0)) && !path.get(0).isEmpty()
				&& (HttpVerbs.ANY.equals(path.get(1)) || HttpVerbs.CONCRETE.contains(path.get(1)));
		return (wildcard || method) && (path.size() == 2 || field(path.get(2), path.get(3)) != null);
	}

	/** Applies one operation on a path {@link #isMethodSettingPath accepted}. */
	void apply(PatchRequest.Operation operation, List<String> path) {
		String key = key(path.get(0), path.get(1));
		if (path.size() == 2) {
			if (!operation.op().equals("remove")) {
				throw StagePatches.invalidPath(operation);
			}
			if (this.settings.remove(key) == null) {
				throw cannotRemove(operation);
			}
			return;
		}
		Field field = field(path.get(2), path.get(3));
		if (operation.op().equals("remove")) {
			// AWS drops whole settings only; a single field cannot be removed.
			throw cannotRemove(operation);
		}
		if (field == null || !(operation.op().equals("replace") || operation.op().equals("add"))) {
			throw StagePatches.invalidPath(operation);
		}
		MethodSetting current = this.settings.get(key);
		if (current == null) {
			MethodSetting allMethods = this.settings.get(MethodSetting.ALL_METHODS);
			current = (allMethods != null) ? allMethods.inheriting(ALL_METHODS_DEFAULTS) : ALL_METHODS_DEFAULTS;
		}
		this.settings.put(key, field.set(current, operation.requireValue(), MethodSetting.ALL_METHODS.equals(key)));
	}

	/** The key of a setting: {@code *}{@code /*}, or the resource path without its leading slash and the verb. */
	private static String key(String resourcePath, String httpMethod) {
		if (WILDCARD.equals(resourcePath)) {
			return MethodSetting.ALL_METHODS;
		}
		return MethodSetting.keyFor(resourcePath.startsWith("/") ? resourcePath : "/" + resourcePath, httpMethod);
	}

	static ApiModelException cannotRemove(PatchRequest.Operation operation) {
		return ApiModelException.badRequest("Cannot remove method setting " + operation.path().substring(1)
				+ " because there is no method setting for this method ");
	}

	private static @Nullable Field field(String group, String name) {
		for (Field field : Field.values()) {
			if (field.group.equals(group) && field.name.equals(name)) {
				return field;
			}
		}
		return null;
	}

	/**
	 * The fields of a method setting by their patch path, each parsing and checking its value; declared in the
	 * order of {@link MethodSetting}'s components.
	 */
	enum Field {

		METRICS_ENABLED("metrics", "enabled"),

		LOGGING_LEVEL("logging", "loglevel"),

		DATA_TRACE_ENABLED("logging", "dataTrace"),

		THROTTLING_BURST_LIMIT("throttling", "burstLimit"),

		THROTTLING_RATE_LIMIT("throttling", "rateLimit"),

		CACHING_ENABLED("caching", "enabled"),

		CACHE_TTL_IN_SECONDS("caching", "ttlInSeconds"),

		CACHE_DATA_ENCRYPTED("caching", "dataEncrypted"),

		REQUIRE_AUTHORIZATION_FOR_CACHE_CONTROL("caching", "requireAuthorizationForCacheControl"),

		UNAUTHORIZED_CACHE_CONTROL_HEADER_STRATEGY("caching", "unauthorizedCacheControlHeaderStrategy");

		private final String group;

		private final String name;

		Field(String group, String name) {
			this.group = group;
			this.name = name;
		}

		/** The setting with this field set from a patch value; the fields are in the record's component order. */
		MethodSetting set(MethodSetting s, String value, boolean allMethods) {
			Object[] fields = { s.metricsEnabled(), s.loggingLevel(), s.dataTraceEnabled(), s.throttlingBurstLimit(),
					s.throttlingRateLimit(), s.cachingEnabled(), s.cacheTtlInSeconds(), s.cacheDataEncrypted(),
					s.requireAuthorizationForCacheControl(), s.unauthorizedCacheControlHeaderStrategy() };
			fields[ordinal()] = parse(value, allMethods);
			return new MethodSetting((Boolean) fields[0], (String) fields[1], (Boolean) fields[2],
					(Integer) fields[3], (Double) fields[4], (Boolean) fields[5], (Integer) fields[6],
					(Boolean) fields[7], (Boolean) fields[8], (String) fields[9]);
		}

		private @Nullable Object parse(String value, boolean allMethods) {
			return switch (this) {
				case LOGGING_LEVEL -> oneOf(value, LOGGING_LEVELS);
				case UNAUTHORIZED_CACHE_CONTROL_HEADER_STRATEGY -> oneOf(value, CACHE_CONTROL_STRATEGIES);
				case THROTTLING_BURST_LIMIT -> burstLimit(value, allMethods);
				case THROTTLING_RATE_LIMIT -> rateLimit(value, allMethods);
				case CACHE_TTL_IN_SECONDS -> integer(value);
				default -> bool(value);
			};
		}

		private static @Nullable Integer burstLimit(String value, boolean allMethods) {
			int limit = integer(value);
			if (limit == -1) {
				return allMethods ? ALL_METHODS_DEFAULTS.throttlingBurstLimit() : null;
			}
			return limit;
		}

		private static @Nullable Double rateLimit(String value, boolean allMethods) {
			double limit = number(value);
			if (limit == -1.0) {
				return allMethods ? ALL_METHODS_DEFAULTS.throttlingRateLimit() : null;
			}
			return limit;
		}

	}

	static boolean bool(String value) {
		if (value.equalsIgnoreCase("true")) {
			return true;
		}
		if (value.equalsIgnoreCase("false")) {
			return false;
		}
		throw ApiModelException.badRequest("Invalid boolean value: " + value);
	}

	private static int integer(String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw ApiModelException.badRequest("Invalid integer value: " + value);
		}
	}

	static double number(String value) {
		try {
			return Double.parseDouble(value.trim());
		}
		catch (NumberFormatException ex) {
			throw ApiModelException.badRequest("Invalid number value: " + value);
		}
	}

	private static String oneOf(String value, Set<String> allowed) {
		String upper = value.toUpperCase(Locale.ROOT);
		if (!allowed.contains(upper)) {
			throw ApiModelException.badRequest("Invalid value " + value + ". Must be one of: " + allowed);
		}
		return upper;
	}

}
