package io.tollgate.auth.sigv4;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.util.CollectionUtils;
import org.springframework.util.MultiValueMap;

/**
 * A request's headers without one of them (any casing), as a read-only view: nothing is copied. Spring's request
 * builder copies every header to remove one, and a signed request's headers are long.
 */
final class HeadersWithout extends AbstractMap<String, List<String>> {

	private final MultiValueMap<String, String> headers;

	private final String hidden;

	private HeadersWithout(MultiValueMap<String, String> headers, String hidden) {
		this.headers = headers;
		this.hidden = hidden;
	}

	/** {@code headers} without {@code name}, read-only. */
	static HttpHeaders of(HttpHeaders headers, String name) {
		return HttpHeaders.readOnlyHttpHeaders(
				CollectionUtils.toMultiValueMap(new HeadersWithout(headers.asMultiValueMap(), name)));
	}

	private boolean hides(Object name) {
		return name instanceof String header && header.equalsIgnoreCase(this.hidden);
	}

	@Override
	public List<String> get(Object name) {
		return hides(name) ? null : this.headers.get(name);
	}

	@Override
	public boolean containsKey(Object name) {
		return !hides(name) && this.headers.containsKey(name);
	}

	@Override
	public Set<Entry<String, List<String>>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<Entry<String, List<String>>> iterator() {
				return HeadersWithout.this.headers.entrySet()
					.stream()
					.filter((header) -> !hides(header.getKey()))
					.iterator();
			}

			@Override
			public int size() {
				return (int) HeadersWithout.this.headers.keySet().stream().filter((name) -> !hides(name)).count();
			}

		};
	}

}
