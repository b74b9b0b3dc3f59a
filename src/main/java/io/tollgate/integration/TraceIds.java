package io.tollgate.integration;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * {@code X-Amzn-Trace-Id}, which API Gateway adds to what reaches a backend or function and to the responses of
 * integrations that call one ({@code Root=1-{epoch seconds hex}-{96 random bits hex};Parent=...;Sampled=0}); a
 * trace root the client sent is kept.
 */
final class TraceIds {

	static final String HEADER = "X-Amzn-Trace-Id";

	private TraceIds() {
	}

	/** The request's trace header: the client's root, else a new one, with a fresh parent segment. */
	static String of(ServerHttpRequest request) {
		String root = null;
		String incoming = request.getHeaders().getFirst(HEADER);
		if (incoming != null) {
			for (String part : incoming.split(";")) {
				if (part.trim().startsWith("Root=")) {
					root = part.trim().substring("Root=".length());
				}
			}
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (root == null) {
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
