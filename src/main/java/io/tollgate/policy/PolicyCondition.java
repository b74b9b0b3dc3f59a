package io.tollgate.policy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One condition of a statement: an operator ({@code IpAddress}, {@code StringEquals}, ...) applied to one condition
 * key and its values. Supports IAM's string, ARN, IP address, boolean, numeric and {@code Null} operators, with
 * {@code ...IfExists} and the {@code ForAnyValue:}/{@code ForAllValues:} qualifiers (keys here are single-valued).
 *
 * @param operator the operator as written
 * @param key the condition key ({@code aws:SourceIp})
 * @param values the values, any of which may match
 */
record PolicyCondition(String operator, String key, List<String> values) {

	PolicyCondition {
		values = List.copyOf(values);
	}

	/** Whether the request satisfies the condition; {@code null} for an operator this evaluator does not know. */
	@Nullable Boolean matches(PolicyRequest request) {
		String name = this.operator;
		int qualifier = name.indexOf(':');
		if (qualifier >= 0) {
			name = name.substring(qualifier + 1);
		}
		boolean ifExists = name.endsWith("IfExists");
		if (ifExists) {
			name = name.substring(0, name.length() - "IfExists".length());
		}
		String value = request.conditionValue(this.key);
		if (name.equals("Null")) {
			boolean wantsAbsent = this.values.stream().anyMatch("true"::equalsIgnoreCase);
			return wantsAbsent == (value == null);
		}
		boolean negated = name.contains("Not");
		if (value == null) {
			// IAM: a missing key fails a condition, except for ...IfExists and the negated operators.
			return ifExists || negated;
		}
		Boolean any = anyMatches(name.replace("Not", ""), value);
		if (any == null) {
			return null;
		}
		return negated != any;
	}

	private @Nullable Boolean anyMatches(String positive, String value) {
		for (String expected : this.values) {
			Boolean match = switch (positive) {
				case "StringEquals", "ArnEquals" -> expected.equals(value);
				case "StringEqualsIgnoreCase" -> expected.equalsIgnoreCase(value);
				case "StringLike", "ArnLike" -> Wildcards.matches(expected, value, false);
				case "IpAddress" -> {
					IpRange range = IpRange.parse(expected);
					yield range != null && range.contains(value);
				}
				case "Bool" -> expected.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT));
				case "NumericEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
						"NumericGreaterThanEquals" ->
					numeric(positive, value, expected);
				default -> null;
			};
			if (match == null) {
				return null;
			}
			if (match) {
				return true;
			}
		}
		return false;
	}

	private static boolean numeric(String operator, String value, String expected) {
		int comparison;
		try {
			comparison = new BigDecimal(value.trim()).compareTo(new BigDecimal(expected.trim()));
		}
		catch (NumberFormatException ex) {
			return false;
		}
		return switch (operator) {
			case "NumericEquals" -> comparison == 0;
			case "NumericLessThan" -> comparison < 0;
			case "NumericLessThanEquals" -> comparison <= 0;
			case "NumericGreaterThan" -> comparison > 0;
			default -> comparison >= 0;
		};
	}

}
