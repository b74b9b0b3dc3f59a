package io.tollgate.cache;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** What API Gateway does with a {@code Cache-Control: max-age=0} from a caller not allowed to invalidate. */
public enum UnauthorizedCacheControlHeaderStrategy {

	/** The request fails with 403. */
	FAIL_WITH_403,

	/** The header is ignored (served as usual, from the cache if possible) and a {@code Warning} says so. */
	SUCCEED_WITH_RESPONSE_HEADER,

	/** The header is ignored silently. */
	SUCCEED_WITHOUT_RESPONSE_HEADER;

	/** The strategy a method setting names; AWS's default, {@link #SUCCEED_WITH_RESPONSE_HEADER}, when unset. */
	static UnauthorizedCacheControlHeaderStrategy of(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return SUCCEED_WITH_RESPONSE_HEADER;
		}
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return SUCCEED_WITH_RESPONSE_HEADER;
		}
	}

}
