package io.tollgate.integration;

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
			root = String.format("1-%08x-%08x%016x", System.currentTimeMillis() / 1000, random.nextInt(),
					random.nextLong());
		}
		return "Root=" + root + ";Parent=" + String.format("%016x", random.nextLong()) + ";Sampled=0";
	}

	/** Sets the trace header on a response unless the integration already chose one. */
	static void addTo(HttpHeaders headers, String traceId) {
		if (!headers.containsHeader(HEADER)) {
			headers.set(HEADER, traceId);
		}
	}

}
