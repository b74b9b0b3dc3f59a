package io.tollgate.admin.v2;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.tollgate.model.ApiModelException;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * One page of a v2 listing: {@code {"items": [...], "nextToken": "..."}} from the {@code maxResults} (a string in
 * AWS's model) and {@code nextToken} query parameters. The token is the id of the next page's first item, encoded,
 * so a page stays correct when items before it are deleted.
 */
public final class V2Page {

	public static final int DEFAULT_MAX_RESULTS = 100;

	public static final int MAX_RESULTS = 500;

	private V2Page() {
	}

	/**
	 * The page of {@code sorted} (ordered by {@code idOf}) the request asks for, its items mapped by {@code view}.
	 * @throws ApiModelException.BadRequest for a {@code maxResults} that is not a number from 1 to 500, or a token
	 * that is not one of this API's
	 */
	public static <T> Map<String, Object> of(List<T> sorted, Function<T, String> idOf, ServerRequest request,
			Function<T, ?> view) {
		int size = maxResults(request.queryParam("maxResults").orElse(null));
		String after = request.queryParam("nextToken").map(V2Page::decode).orElse(null);
		int start = 0;
		if (after != null) {
			while (start < sorted.size() && idOf.apply(sorted.get(start)).compareTo(after) < 0) {
				start++;
			}
		}
		int end = Math.min(sorted.size(), start + size);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("items", sorted.subList(start, end).stream().map(view).toList());
		if (end < sorted.size()) {
			body.put("nextToken", Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(idOf.apply(sorted.get(end)).getBytes(StandardCharsets.UTF_8)));
		}
		return body;
	}

	private static int maxResults(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return DEFAULT_MAX_RESULTS;
		}
		try {
			int size = Integer.parseInt(value);
			if (size >= 1 && size <= MAX_RESULTS) {
				return size;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below, as an out-of-range number is.
		}
		throw ApiModelException.badRequest("Invalid maxResults " + value + ": must be from 1 to " + MAX_RESULTS);
	}

	private static String decode(String token) {
		try {
			return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw ApiModelException.badRequest("Invalid nextToken");
		}
	}

}
