package io.tollgate.model;

import java.util.Locale;
import java.util.Set;

/** The HTTP methods API Gateway accepts on methods and integrations. */
public final class HttpVerbs {

	/** Matches every verb that has no method of its own on the resource. */
	public static final String ANY = "ANY";

	/** The verbs {@link #ANY} stands for. */
	public static final Set<String> CONCRETE = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

	private HttpVerbs() {
	}

	public static String require(String verb, String field) {
		String upper = verb.toUpperCase(Locale.ROOT);
		if (!upper.equals(ANY) && !CONCRETE.contains(upper)) {
			throw ApiModelException.badRequest("Invalid HttpMethod specified for " + field + ": " + verb);
		}
		return upper;
	}

}
