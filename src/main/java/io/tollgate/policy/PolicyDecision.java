package io.tollgate.policy;

/** The result of evaluating policies for one request, as IAM names them. */
public enum PolicyDecision {

	/** A statement allows the request and none denies it. */
	ALLOW,

	/** A statement denies the request; wins over every allow. */
	EXPLICIT_DENY,

	/** No statement applies: denied by default. */
	IMPLICIT_DENY;

	public boolean allowed() {
		return this == ALLOW;
	}

	/** Combines the decisions of two policy sets evaluated together: deny wins, then allow. */
	public PolicyDecision and(PolicyDecision other) {
		if (this == EXPLICIT_DENY || other == EXPLICIT_DENY) {
			return EXPLICIT_DENY;
		}
		return (this == ALLOW || other == ALLOW) ? ALLOW : IMPLICIT_DENY;
	}

}
