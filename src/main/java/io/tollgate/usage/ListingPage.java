package io.tollgate.usage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.tollgate.model.ApiModelException;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing as AWS's Get* calls return it: at most {@code limit} items (25 unless asked, 500 at most)
 * starting at {@code position}, with the position of the next page when there are more. Positions are the id of
 * the first item of a page, so a page stays correct when items before it are deleted.
 *
 * @param items the page's items
 * @param position where the next page starts, {@code null} on the last page
 */
public record ListingPage<T>(List<T> items, @Nullable String position) {

	public static final int DEFAULT_LIMIT = 25;

	public static final int MAX_LIMIT = 500;

	/**
	 * The page of {@code sorted} (ordered by {@code idOf}) asked for by the {@code position} and {@code limit} query
	 * parameters.
	 * @throws ApiModelException.BadRequest when the limit is not a number from 1 to 500
	 */
	public static <T> ListingPage<T> of(List<T> sorted, Function<T, String> idOf, @Nullable String position,
			@Nullable String limit) {
		int size = limit(limit);
		int start = 0;
		if (position != null && !position.isEmpty()) {
			while (start < sorted.size() && idOf.apply(sorted.get(start)).compareTo(position) < 0) {
				start++;
			}
		}
		int end = Math.min(sorted.size(), start + size);
		String next = (end < sorted.size()) ? idOf.apply(sorted.get(end)) : null;
		return new ListingPage<>(List.copyOf(sorted.subList(start, end)), next);
	}

	private static int limit(@Nullable String limit) {
		if (limit == null || limit.isEmpty()) {
			return DEFAULT_LIMIT;
		}
		try {
			int value = Integer.parseInt(limit);
			if (value >= 1 && value <= MAX_LIMIT) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below, as an out-of-range number is.
		}
		throw ApiModelException.badRequest("Invalid limit " + limit + ": must be from 1 to " + MAX_LIMIT);
	}

	/** The response body: {@code {"item": [...], "position": ...}}, with items mapped for the response. */
	public Map<String, Object> body(Function<T, ?> view) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("item", this.items.stream().map(view).toList());
		if (this.position != null) {
			body.put("position", this.position);
		}
		return body;
	}

}
