package io.tollgate.model;

/** What happens to a request body whose Content-Type has no request template. */
public enum PassthroughBehavior {

	WHEN_NO_MATCH, WHEN_NO_TEMPLATES, NEVER

}
