package io.tollgate.policy;

/**
 * IAM's wildcard matching of actions and resource ARNs: {@code *} matches any run of characters ({@code /} and
 * {@code :} included), {@code ?} any one character.
 */
final class Wildcards {

	private Wildcards() {
	}

	static boolean matches(String pattern, String value, boolean ignoreCase) {
		if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
			return ignoreCase ? pattern.equalsIgnoreCase(value) : pattern.equals(value);
		}
		// Iterative glob with backtracking to the last star: linear for patterns with one star, never exponential.
		int p = 0;
		int v = 0;
		int star = -1;
		int mark = 0;
		while (v < value.length()) {
			boolean more = p < pattern.length();
			if (more && (pattern.charAt(p) == '?' || same(pattern.charAt(p), value.charAt(v), ignoreCase))) {
				p++;
				v++;
			}
			else if (more && pattern.charAt(p) == '*') {
				star = p++;
				mark = v;
			}
			else if (star >= 0) {
				p = star + 1;
				v = ++mark;
			}
			else {
				return false;
			}
		}
		while (p < pattern.length() && pattern.charAt(p) == '*') {
			p++;
		}
		return p == pattern.length();
	}

	private static boolean same(char a, char b, boolean ignoreCase) {
		return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
	}

}
