package io.tollgate.routing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Normalises a request's raw path before anything matches or authorises it, so that one resource has one spelling
 * and the path forwarded to a backend is the path that was authorised (RFC 3986 §6.2.2):
 * <ul>
 * <li>percent-encoded unreserved characters are decoded ({@code /%61dmin} is {@code /admin}), other escapes keep
 * their encoding with upper-case hex digits;</li>
 * <li>empty segments collapse ({@code //} is {@code /}; API Gateway matches {@code //res} as {@code /res}), a
 * trailing slash is kept;</li>
 * <li>dot segments are resolved, {@code ..} above the root is dropped ({@code /x/%2e%2e/admin} and
 * {@code /x//../admin} are {@code /admin}).</li>
 * </ul>
 * Refused outright, because backends disagree on what they mean: an encoded slash or backslash ({@code %2F},
 * {@code %5C}), which a backend may decode into a separator, a raw backslash, and malformed escapes.
 */
public final class RequestPath {

	private RequestPath() {
	}

	/**
	 * The normal form of {@code rawPath} (still percent-encoded where it must be).
	 * @throws InvalidPathException when the path is refused
	 */
	public static String normalize(String rawPath) {
		if (isNormal(rawPath)) {
			return rawPath;
		}
		Deque<String> segments = new ArrayDeque<>();
		int length = rawPath.length();
		int start = 0;
		while (start <= length) {
			int end = rawPath.indexOf('/', start);
			if (end < 0) {
				end = length;
			}
			if (end > start) {
				String segment = segment(rawPath, start, end);
				if (segment.equals("..")) {
					segments.pollLast();
				}
				else if (!segment.equals(".")) {
					segments.addLast(segment);
				}
			}
			start = end + 1;
		}
		StringBuilder normalized = new StringBuilder(length);
		for (String segment : segments) {
			normalized.append('/').append(segment);
		}
		if (normalized.isEmpty() || rawPath.endsWith("/")) {
			normalized.append('/');
		}
		return normalized.toString();
	}

	/** The common case, checked without allocating: no escapes, no backslash, no empty or dot segments. */
	private static boolean isNormal(String path) {
		if (path.isEmpty() || path.charAt(0) != '/') {
			return false;
		}
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '%' || c == '\\' || (c == '/' && i > 0 && path.charAt(i - 1) == '/')
					|| (c == '.' && path.charAt(i - 1) == '/')) {
				return false;
			}
		}
		return true;
	}

	private static String segment(String path, int start, int end) {
		StringBuilder segment = null;
		for (int i = start; i < end; i++) {
			char c = path.charAt(i);
			if (c == '\\') {
				throw new InvalidPathException("backslashes are not accepted in paths");
			}
			if (c != '%') {
				if (segment != null) {
					segment.append(c);
				}
				continue;
			}
			int value = (i + 2 < end) ? hex(path.charAt(i + 1), path.charAt(i + 2)) : -1;
			if (value < 0) {
				throw new InvalidPathException("malformed percent-encoding");
			}
			if (value == '/' || value == '\\') {
				throw new InvalidPathException("encoded slashes (%2F, %5C) are not accepted in paths");
			}
			if (segment == null) {
				segment = new StringBuilder(end - start).append(path, start, i);
			}
			if (isUnreserved(value)) {
				segment.append((char) value);
			}
			else {
				segment.append('%').append(path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
			}
			i += 2;
		}
		return (segment != null) ? segment.toString() : path.substring(start, end);
	}

	private static int hex(char high, char low) {
		int h = Character.digit(high, 16);
		int l = Character.digit(low, 16);
		return (h < 0 || l < 0) ? -1 : (h << 4) | l;
	}

	private static boolean isUnreserved(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

	/** A path the gateway refuses to route; the message says why. An outcome, so it has no stack trace. */
	public static final class InvalidPathException extends RuntimeException {

		InvalidPathException(String reason) {
			super("Invalid request path: " + reason, null, false, false);
		}

	}

}
