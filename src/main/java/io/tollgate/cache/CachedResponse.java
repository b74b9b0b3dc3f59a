package io.tollgate.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpHeaders;

/**
 * A response as the stage cache keeps it: status, the headers that may be replayed, and the body. Immutable; the
 * body array is never written after construction, so a hit can wrap it without a copy.
 */
public record CachedResponse(int status, List<Header> headers, byte[] body) {

	/**
	 * Headers never stored: per-connection (hop-by-hop) headers, cookies meant for one caller, and the headers the
	 * gateway sets afresh on every response (request ids, date, trace id, length).
	 */
	static final Set<String> NOT_REPLAYED = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "set-cookie",
			"set-cookie2", "content-length", "date", "x-amzn-requestid", "x-amz-apigw-id", "x-amzn-trace-id");

	public CachedResponse {
		headers = List.copyOf(headers);
	}

	/** The response as captured: {@code headers} filtered of everything that must not be replayed. */
	static CachedResponse of(int status, HttpHeaders headers, byte[] body) {
		List<Header> kept = new ArrayList<>();
		headers.forEach((name, values) -> {
			if (!NOT_REPLAYED.contains(name.toLowerCase(Locale.ROOT))) {
				kept.add(new Header(name, values));
			}
		});
		return new CachedResponse(status, kept, body);
	}

	/** Approximate bytes held, for the in-process cache's budget. */
	int weight() {
		long weight = 64L + this.body.length;
		for (Header header : this.headers) {
			weight += 32L + header.name().length();
			for (String value : header.values()) {
				weight += 16L + value.length();
			}
		}
		return (int) Math.min(weight, Integer.MAX_VALUE);
	}

	@Override
	public String toString() {
		return "CachedResponse[status=" + this.status + ", headers=" + this.headers.size() + ", body="
				+ this.body.length + " bytes]";
	}

	/** One response header and its values. */
	public record Header(String name, List<String> values) {

		public Header {
			values = List.copyOf(values);
		}

	}

}
