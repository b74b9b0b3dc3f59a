package io.tollgate.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.tollgate.model.ApiModelException;

/**
 * AWS's {@code ValidationException}: what its front end answers, before an operation runs, for members that break
 * the service model's constraints, such as
 * {@code 1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy
 * constraint: Member must satisfy enum value set: [...]}, several errors joined by {@code ; }.
 */
final class ValidationErrors {

	private final List<String> errors = new ArrayList<>();

	/** Notes {@code value} at {@code at} (such as {@code createRestApiInput.name}) breaking {@code constraint}. */
	ValidationErrors add(String value, String at, String constraint) {
		this.errors.add("Value '" + value + "' at '" + at + "' failed to satisfy constraint: " + constraint);
		return this;
	}

	/** Notes a member whose value is none of its enum's. */
	ValidationErrors addEnumValue(String value, String at, Collection<String> allowed) {
		return add(value, at, enumConstraint(allowed));
	}

	/** Throws the {@code ValidationException} of the errors noted, if any. */
	void throwIfAny() {
		if (!this.errors.isEmpty()) {
			throw exception();
		}
	}

	private ApiModelException exception() {
		int count = this.errors.size();
		return ApiModelException.of(400, "ValidationException", count + " validation error"
				+ ((count > 1) ? "s" : "") + " detected: " + String.join("; ", this.errors));
	}

	static String enumConstraint(Collection<String> allowed) {
		return "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]";
	}

	/** The {@code ValidationException} of a single enum value. */
	static ApiModelException enumValue(String value, String at, Collection<String> allowed) {
		return new ValidationErrors().addEnumValue(value, at, allowed).exception();
	}

}
