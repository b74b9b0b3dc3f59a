package io.tollgate.integration;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * {@code X-Amzn-Trace-Id}, which API Gateway adds to what reaches a backend or function and to the responses of
 * integrations that call one ({@code Root=1-{epoch seconds hex}-{96 random bits hex};Parent=...;Sampled=0}). A
 * client's header with a root and a parent is kept as it is; a root alone gets a new parent segment.
 */
final class TraceIds {

	static final String HEADER = "X-Amzn-Trace-Id";

	/** Lower-case, zero-padded hex digits; {@code String.format} parses its pattern on every call. */
	private static final HexFormat HEX = HexFormat.of();

	private TraceIds() {
	}

	/**
	 * The request's trace header: the client's when it names a root and a parent, else the client's root (or a new
	 * one) with a fresh parent segment.
	 */
	static String of(ServerHttpRequest request) {
		String root = null;
		String parent = null;
		String incoming = request.getHeaders().getFirst(HEADER);
		if (incoming != null) {
			for (String part : incoming.split(";")) {
				String field = part.trim();
				if (field.startsWith("Root=")) {
					root = field.substring("Root=".length());
				}
				else if (field.startsWith("Parent=")) {
					parent = field.substring("Parent=".length());
				}
			}
			if (root != null && !root.isEmpty() && parent != null && !parent.isEmpty()) {
				return incoming;
			}
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (root == null || root.isEmpty()) {
			root = "1-" + HEX.toHexDigits((int) (System.currentTimeMillis() / 1000)) + "-"
					+ HEX.toHexDigits(random.nextInt()) + HEX.toHexDigits(random.nextLong());
		}
		return "Root=" + root + ";Parent=" + HEX.toHexDigits(random.nextLong()) + ";Sampled=0";
	}

	/** Sets the trace header on a response unless the integration already chose one. */
	static void addTo(HttpHeaders headers, String traceId) {
		if (!headers.containsHeader(HEADER)) {
			headers.set(HEADER, traceId);
		}
	}

}
