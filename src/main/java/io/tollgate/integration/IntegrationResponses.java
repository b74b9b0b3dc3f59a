package io.tollgate.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tollgate.model.IntegrationResponse;
import org.jspecify.annotations.Nullable;

/**
 * A method's integration responses, compiled once: chooses the one whose {@code selectionPattern} matches the
 * whole backend outcome (a status code, or a Lambda error message), else the default response without a pattern.
 */
final class IntegrationResponses {

	private final List<Selectable> patterned;

	private final @Nullable IntegrationResponse defaultResponse;

	IntegrationResponses(Map<String, IntegrationResponse> responses) {
		List<Selectable> withPattern = new ArrayList<>();
		IntegrationResponse fallback = null;
		for (IntegrationResponse response : responses.values()) {
			if (response.isDefault()) {
				fallback = response;
			}
			else {
				withPattern.add(new Selectable(Pattern.compile(response.selectionPattern(), Pattern.DOTALL),
						response));
			}
		}
		this.patterned = List.copyOf(withPattern);
		this.defaultResponse = fallback;
	}

	/** The response for a backend outcome, or {@code null} when none matches and there is no default. */
	@Nullable IntegrationResponse select(String outcome) {
		for (Selectable candidate : this.patterned) {
			if (candidate.pattern().matcher(outcome).matches()) {
				return candidate.response();
			}
		}
		return this.defaultResponse;
	}

	private record Selectable(Pattern pattern, IntegrationResponse response) {
	}

}
