package io.tollgate.response;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Date} header value, formatted once per second rather than once per response. */
final class HttpDate {

	/** RFC 9110's IMF-fixdate (two-digit day, unlike {@code RFC_1123_DATE_TIME}). */
	private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
			Locale.US);

	private static volatile Formatted current = new Formatted(-1, "");

	private HttpDate() {
	}

	static String now() {
		long second = System.currentTimeMillis() / 1000;
		Formatted formatted = current;
		if (formatted.second() != second) {
			formatted = new Formatted(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC)));
			current = formatted;
		}
		return formatted.value();
	}

	private record Formatted(long second, String value) {
	}

}
