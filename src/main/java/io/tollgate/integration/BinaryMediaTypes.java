package io.tollgate.integration;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * An API's {@code binaryMediaTypes}: which payloads API Gateway treats as binary. A configured entry may use
 * wildcards ({@code image/*}, {@code *}{@code /*}); on the request side the Content-Type is compared, on the
 * response side only the first Accept type, taken literally: a wildcard in it matches only a configured wildcard
 * that covers it (binary {@code *}{@code /*} and {@code Accept: application/*} match; binary {@code image/png} and
 * {@code Accept: image/*} do not), as on AWS.
 */
record BinaryMediaTypes(List<MediaType> types) {

	static final BinaryMediaTypes NONE = new BinaryMediaTypes(List.of());

	static BinaryMediaTypes of(List<String> configured) {
		if (configured.isEmpty()) {
			return NONE;
		}
		// AWS stores '/' as '~1' in patch paths; definitions may carry either.
		return new BinaryMediaTypes(configured.stream()
			.map((type) -> MediaType.parseMediaType(type.replace("~1", "/").toLowerCase(Locale.ROOT)))
			.toList());
	}

	boolean isEmpty() {
		return this.types.isEmpty();
	}

	/** Whether the request's body is binary: its Content-Type matches an entry. */
	boolean matchesContentType(ServerHttpRequest request) {
		if (this.types.isEmpty()) {
			return false;
		}
		return matches(request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE));
	}

	/** Whether the client asked for binary: its first Accept type matches an entry. */
	boolean matchesAccept(ServerHttpRequest request) {
		if (this.types.isEmpty()) {
			return false;
		}
		String accept = request.getHeaders().getFirst(HttpHeaders.ACCEPT);
		if (accept == null) {
			return false;
		}
		int comma = accept.indexOf(',');
		// Taken literally: a configured */* covers application/*, a configured image/png does not cover image/*.
		return matches(((comma < 0) ? accept : accept.substring(0, comma)).trim());
	}

	boolean matches(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return false;
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(value);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		for (MediaType binary : this.types) {
			if (binary.includes(type)) {
				return true;
			}
		}
		return false;
	}

}
