package io.tollgate.policy;

/** A policy document that is not valid IAM JSON. */
public final class PolicyException extends IllegalArgumentException {

	public PolicyException(String message) {
		super(message);
	}

}
