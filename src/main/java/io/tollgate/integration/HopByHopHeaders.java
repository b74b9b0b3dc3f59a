package io.tollgate.integration;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.http.HttpHeaders;

/**
 * Hop-by-hop headers, which a proxy does not pass on (RFC 9110 §7.6.1): a fixed list (Spring Cloud Gateway's,
 * {@code spring.cloud.gateway.server.webflux.filter.remove-hop-by-hop.headers}) and whatever names a message's own
 * {@code Connection} header lists. Names compare without regard to case, without a lower-cased copy per header.
 */
final class HopByHopHeaders {

	private final SortedSet<String> names;

	HopByHopHeaders(Collection<String> names) {
		SortedSet<String> sorted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		sorted.addAll(names);
		this.names = Collections.unmodifiableSortedSet(sorted);
	}

	/** The names the {@code Connection} header of {@code headers} lists; none when it has none, as most have. */
	static List<String> connectionOptions(HttpHeaders headers) {
		return headers.containsHeader(HttpHeaders.CONNECTION) ? headers.getConnection() : List.of();
	}

	/** Removes every hop-by-hop header from {@code headers} in place: no copy, no per-header lower-casing. */
	void removeFrom(HttpHeaders headers) {
		List<String> connectionOptions = connectionOptions(headers);
		for (String name : this.names) {
			headers.remove(name);
		}
		for (String option : connectionOptions) {
			headers.remove(option);
		}
	}

	boolean isHopByHop(String name, List<String> connectionOptions) {
		if (this.names.contains(name)) {
			return true;
		}
		for (String option : connectionOptions) {
			if (option.equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

}
