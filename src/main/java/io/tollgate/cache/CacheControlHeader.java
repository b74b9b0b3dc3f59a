package io.tollgate.cache;

import java.util.List;

/**
 * Reads a request's {@code Cache-Control} as the list of directives it is (RFC 9111 §5.2): every header line, split
 * at commas outside quotes, each directive's name compared without regard to case. Only {@code max-age=0} asks API
 * Gateway to refresh an entry, wherever it stands in the list ({@code no-cache, max-age=0} counts); matching the
 * header as one string is what let Spring Cloud Gateway's own cache be bypassed or poisoned.
 */
final class CacheControlHeader {

	private static final String MAX_AGE = "max-age";

	private CacheControlHeader() {
	}

	/** Whether the header lines carry the directive {@code max-age=0} (also {@code max-age="0"}, {@code MAX-AGE=00}). */
	static boolean requestsRefresh(List<String> lines) {
		for (String line : lines) {
			if (line != null && hasMaxAgeZero(line)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasMaxAgeZero(String line) {
		int start = 0;
		boolean quoted = false;
		for (int i = 0; i <= line.length(); i++) {
			char c = (i < line.length()) ? line.charAt(i) : ',';
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				if (isMaxAgeZero(line, start, i)) {
					return true;
				}
				start = i + 1;
			}
		}
		return false;
	}

	private static boolean isMaxAgeZero(String line, int from, int to) {
		String directive = line.substring(from, to).trim();
		int equals = directive.indexOf('=');
		if (equals < 0 || !directive.substring(0, equals).trim().equalsIgnoreCase(MAX_AGE)) {
			return false;
		}
		String value = directive.substring(equals + 1).trim();
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			value = value.substring(1, value.length() - 1);
		}
		if (value.isEmpty()) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) != '0') {
				return false;
			}
		}
		return true;
	}

}
