package io.tollgate.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** AWS's limits on stage variables: names of [A-Za-z0-9_], values up to 512 characters, at most 100. */
public final class StageVariables {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

	private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9\\-._~:/?#&=,%+*@!$'()\\[\\] ]{0,512}");

	private StageVariables() {
	}

	public static Map<String, String> check(@Nullable Map<String, String> variables) {
		if (variables == null || variables.isEmpty()) {
			return Map.of();
		}
		if (variables.size() > 100) {
			throw ApiModelException.badRequest("A stage may have at most 100 stage variables");
		}
		Map<String, String> checked = new LinkedHashMap<>();
		variables.forEach((name, value) -> {
			if (!NAME.matcher(name).matches()) {
				throw ApiModelException.badRequest("Stage variable name " + name
						+ " must be alphanumeric or underscore and at most 64 characters");
			}
			if (value == null || !VALUE.matcher(value).matches()) {
				throw ApiModelException.badRequest("Stage variable value " + value + " for " + name
						+ " has characters that are not allowed or is longer than 512 characters");
			}
			checked.put(name, value);
		});
		return Immutables.map(checked);
	}

}
