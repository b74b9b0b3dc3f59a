package io.tollgate.integration;

import java.util.List;

import org.springframework.http.HttpHeaders;

/**
 * Response headers API Gateway owns: a backend's or function's values come back renamed {@code x-amzn-Remapped-*};
 * a {@code Transfer-Encoding} is dropped, since API Gateway frames the response itself.
 */
final class ResponseHeaders {

	static final String REMAPPED_PREFIX = "x-amzn-Remapped-";

	static final List<String> GATEWAY_OWNED = List.of("x-amzn-RequestId", "x-amz-apigw-id", HttpHeaders.DATE,
			HttpHeaders.SERVER, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.CONNECTION, HttpHeaders.CONTENT_LENGTH);

	private ResponseHeaders() {
	}

	/** Renames the gateway-owned headers a function or backend set, and drops its {@code Transfer-Encoding}. */
	static void remapGatewayOwned(HttpHeaders headers) {
		headers.remove(HttpHeaders.TRANSFER_ENCODING);
		for (String name : GATEWAY_OWNED) {
			List<String> values = headers.get(name);
			if (values != null && !values.isEmpty()) {
				headers.remove(name);
				headers.put(REMAPPED_PREFIX + name, values);
			}
		}
	}

}
