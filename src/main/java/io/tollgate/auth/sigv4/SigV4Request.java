package io.tollgate.auth.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A request as it arrived, with what SigV4 signs: the method, the path and query exactly as sent (still
 * percent-encoded), every header value and the body.
 *
 * @param method the HTTP method ({@code GET})
 * @param rawPath the path as sent, percent-encoded ({@code /restapis/a%20b})
 * @param rawQuery the query as sent, without {@code ?}, or {@code null}
 * @param headers every header's values in arrival order; names match case-insensitively (read-only)
 * @param body the body bytes (not copied: the caller must not change them)
 * @param overTls whether the request arrived over TLS, which decides whether {@code UNSIGNED-PAYLOAD} is accepted
 */
public record SigV4Request(String method, String rawPath, @Nullable String rawQuery, HttpHeaders headers,
		byte[] body, boolean overTls) {

	public SigV4Request {
		headers = HttpHeaders.readOnlyHttpHeaders(headers);
	}

	/** A request with these headers: names that differ only in case are one header, their values in arrival order. */
	public SigV4Request(String method, String rawPath, @Nullable String rawQuery, Map<String, List<String>> headers,
			byte[] body, boolean overTls) {
		this(method, rawPath, rawQuery, copyOf(headers), body, overTls);
	}

	/** A request that arrived over plain HTTP. */
	public SigV4Request(String method, String rawPath, @Nullable String rawQuery, Map<String, List<String>> headers,
			byte[] body) {
		this(method, rawPath, rawQuery, headers, body, false);
	}

	/**
	 * A data-plane request with its body, already read; a request without {@code Host} (HTTP/1.0) signs the host of
	 * its URI. The request's headers are read where they are, not copied: only the few that SigV4 signs are looked at.
	 */
	public static SigV4Request of(ServerHttpRequest request, byte[] body) {
		HttpHeaders headers = request.getHeaders();
		if (!headers.containsHeader(HttpHeaders.HOST) && request.getURI().getHost() != null) {
			int port = request.getURI().getPort();
			headers = HttpHeaders.copyOf(headers);
			headers.set(HttpHeaders.HOST, request.getURI().getHost() + ((port > 0) ? ":" + port : ""));
		}
		return new SigV4Request(request.getMethod().name(), request.getURI().getRawPath(),
				request.getURI().getRawQuery(), headers, body, request.getSslInfo() != null);
	}

	private static HttpHeaders copyOf(Map<String, List<String>> headers) {
		HttpHeaders copy = new HttpHeaders();
		headers.forEach(copy::addAll);
		return copy;
	}

	/** {@code X-Amz-Security-Token}, the session token of temporary credentials: a header, or a presigned URL's. */
	public @Nullable String sessionToken() {
		String header = firstHeader("X-Amz-Security-Token");
		if (header != null) {
			return header;
		}
		for (Map.Entry<String, String> parameter : queryParameters()) {
			if (parameter.getKey().equals("X-Amz-Security-Token")) {
				return parameter.getValue();
			}
		}
		return null;
	}

	/** The values of a header, empty when absent. */
	public List<String> header(String name) {
		List<String> values = this.headers.get(name);
		return (values != null) ? values : List.of();
	}

	public @Nullable String firstHeader(String name) {
		return this.headers.getFirst(name);
	}

	/**
	 * The query parameters in order, names and values percent-decoded as UTF-8. {@code +} stays a plus sign, as
	 * AWS clients encode a space as {@code %20}; a parameter without {@code =} has an empty value.
	 */
	public List<Map.Entry<String, String>> queryParameters() {
		if (this.rawQuery == null || this.rawQuery.isEmpty()) {
			return List.of();
		}
		List<Map.Entry<String, String>> parameters = new ArrayList<>();
		for (String pair : this.rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			parameters.add(Map.entry(decode(name), decode(value)));
		}
		return parameters;
	}

	/** Percent-decodes as UTF-8; a malformed escape is kept as it is, which then fails the signature check. */
	private static String decode(String encoded) {
		if (encoded.indexOf('%') < 0) {
			return encoded;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
		int i = 0;
		while (i < encoded.length()) {
			if (encoded.charAt(i) == '%' && i + 2 < encoded.length() && hex(encoded.charAt(i + 1)) >= 0
					&& hex(encoded.charAt(i + 2)) >= 0) {
				bytes.write(hex(encoded.charAt(i + 1)) * 16 + hex(encoded.charAt(i + 2)));
				i += 3;
			}
			else {
				int next = encoded.indexOf('%', i + 1);
				int end = (next < 0) ? encoded.length() : next;
				bytes.writeBytes(encoded.substring(i, end).getBytes(StandardCharsets.UTF_8));
				i = end;
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static int hex(char c) {
		return Character.digit(c, 16);
	}

	/** Header names only: their values include the {@code Authorization} header and session tokens. */
	@Override
	public String toString() {
		return "SigV4Request[" + this.method + " " + this.rawPath + ", headers=" + this.headers.headerNames() + ", "
				+ this.body.length + " body bytes]";
	}

}
