package io.tollgate.auth.sigv4;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What a request claims about its signature, read from the {@code Authorization} header or from the presigned
 * query parameters ({@code X-Amz-Algorithm}, {@code X-Amz-Credential}, ...). Reading it checks the form only;
 * whether the claims hold is for {@link SigV4Verifier}, which the readers hand the authorization to.
 *
 * @param location where the signature travels
 * @param accessKeyId the access key the request is signed with
 * @param scopeDate the credential scope's date ({@code 20150830})
 * @param region the credential scope's region
 * @param service the credential scope's service
 * @param terminator the credential scope's terminator ({@code aws4_request})
 * @param signedHeaders the signed header names, lower case, as listed
 * @param signature the signature, hex
 * @param amzDate the signing time as sent ({@code 20150830T123600Z})
 * @param signedAt the signing time
 * @param expires how long a presigned request is valid ({@code X-Amz-Expires}), or {@code null}
 */
record SigV4Authorization(Location location, String accessKeyId, String scopeDate, String region, String service,
		String terminator, List<String> signedHeaders, String signature, String amzDate, Instant signedAt,
		@Nullable Duration expires) {

	static final String ALGORITHM = "AWS4-HMAC-SHA256";

	static final String TERMINATOR = "aws4_request";

	static final String X_AMZ_ALGORITHM = "X-Amz-Algorithm";

	static final String X_AMZ_CREDENTIAL = "X-Amz-Credential";

	static final String X_AMZ_DATE = "X-Amz-Date";

	static final String X_AMZ_SIGNED_HEADERS = "X-Amz-SignedHeaders";

	static final String X_AMZ_SIGNATURE = "X-Amz-Signature";

	static final String X_AMZ_EXPIRES = "X-Amz-Expires";

	static final String X_AMZ_SECURITY_TOKEN = "X-Amz-Security-Token";

	/** Presigned requests are valid for at most a week, as AWS allows. */
	static final long MAX_EXPIRES_SECONDS = Duration.ofDays(7).toSeconds();

	static final DateTimeFormatter BASIC_DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	/**
	 * The signing time read last: requests signed within the same second carry the same text, so that under load
	 * most are read without parsing it again (a few microseconds each).
	 */
	private static volatile @Nullable SigningTime lastSigningTime;

	private record SigningTime(String amzDate, Instant signedAt) {
	}

	SigV4Authorization {
		signedHeaders = List.copyOf(signedHeaders);
	}

	/** Where the signature travels. */
	enum Location {

		/** {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
		HEADER,

		/** A presigned URL: {@code ?X-Amz-Algorithm=...&X-Amz-Signature=...}. */
		QUERY

	}

	/** The credential scope, {@code {date}/{region}/{service}/aws4_request}. */
	String scope() {
		return this.scopeDate + "/" + this.region + "/" + this.service + "/" + this.terminator;
	}

	/**
	 * Reads {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}.
	 * @param amzDate the {@code X-Amz-Date} header, or {@code null}
	 * @param then what to do with a well-formed authorization
	 * @return {@code then}'s result, or {@code IncompleteSignatureException} for a malformed header
	 */
	static SigV4Result fromHeader(String authorization, @Nullable String amzDate,
			Function<SigV4Authorization, SigV4Result> then) {
		String value = authorization.trim();
		int space = firstWhitespace(value);
		String algorithm = (space < 0) ? value : value.substring(0, space);
		Map<String, String> parameters = new HashMap<>();
		if (space > 0) {
			for (String part : value.substring(space + 1).split(",")) {
				int equals = part.indexOf('=');
				if (equals > 0) {
					parameters.putIfAbsent(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
				}
			}
		}
		// AWS names every missing part in one message (and would append the header itself, which is left out here
		// so that no credential is echoed back).
		StringBuilder missing = new StringBuilder();
		for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
			if (parameters.getOrDefault(name, "").isEmpty()) {
				missing.append("Authorization header requires '").append(name).append("' parameter. ");
			}
		}
		if (amzDate == null || amzDate.isBlank()) {
			missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
		}
		if (!missing.isEmpty()) {
			return incomplete(missing.toString().trim());
		}
		if (!ALGORITHM.equals(algorithm)) {
			return incomplete("Unsupported AWS 'algorithm': '" + algorithm + "'.");
		}
		return read(Location.HEADER, parameters.get("Credential"), parameters.get("SignedHeaders"),
				parameters.get("Signature"), amzDate.trim(), null, then);
	}

	/**
	 * Reads the presigned query parameters.
	 * @param query the first value of each query parameter, by name
	 * @param then what to do with a well-formed authorization
	 * @return {@code then}'s result, or {@code IncompleteSignatureException} for malformed parameters
	 */
	static SigV4Result fromQuery(Map<String, String> query, Function<SigV4Authorization, SigV4Result> then) {
		StringBuilder missing = new StringBuilder();
		for (String name : List.of(X_AMZ_ALGORITHM, X_AMZ_CREDENTIAL, X_AMZ_SIGNATURE, X_AMZ_SIGNED_HEADERS,
				X_AMZ_DATE)) {
			if (query.getOrDefault(name, "").isEmpty()) {
				missing.append("AWS query-string parameters must include '").append(name).append("'. ");
			}
		}
		if (!missing.isEmpty()) {
			return incomplete(missing.append("Re-examine the query-string parameters.").toString());
		}
		if (!ALGORITHM.equals(query.get(X_AMZ_ALGORITHM))) {
			return incomplete("Unsupported AWS 'algorithm': '" + query.get(X_AMZ_ALGORITHM) + "'.");
		}
		Duration expires = null;
		String expiresValue = query.get(X_AMZ_EXPIRES);
		if (expiresValue != null) {
			long seconds;
			try {
				seconds = Long.parseLong(expiresValue);
			}
			catch (NumberFormatException ex) {
				return incomplete("X-Amz-Expires should be a number");
			}
			if (seconds < 0) {
				return incomplete("X-Amz-Expires must be non-negative");
			}
			if (seconds > MAX_EXPIRES_SECONDS) {
				return incomplete("X-Amz-Expires must be less than a week (in seconds) that is " + MAX_EXPIRES_SECONDS);
			}
			expires = Duration.ofSeconds(seconds);
		}
		return read(Location.QUERY, query.get(X_AMZ_CREDENTIAL), query.get(X_AMZ_SIGNED_HEADERS),
				query.get(X_AMZ_SIGNATURE), query.get(X_AMZ_DATE), expires, then);
	}

	private static SigV4Result read(Location location, String credential, String signedHeaders, String signature,
			String amzDate, @Nullable Duration expires, Function<SigV4Authorization, SigV4Result> then) {
		String[] scope = credential.split("/", -1);
		if (scope.length != 5) {
			return incomplete("Credential must have exactly 5 slash-delimited elements, e.g. "
					+ "keyid/date/region/service/term, got '" + credential + "'");
		}
		Instant signedAt;
		try {
			signedAt = signingTime(amzDate);
		}
		catch (DateTimeParseException ex) {
			return incomplete("Date must be in ISO-8601 'basic format'. Got '" + amzDate
					+ "'. See http://en.wikipedia.org/wiki/ISO_8601");
		}
		List<String> headers = List.of(signedHeaders.split(";"));
		if (!headers.contains("host")) {
			return incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
		}
		return then.apply(new SigV4Authorization(location, scope[0], scope[1], scope[2], scope[3], scope[4], headers,
				signature, amzDate, signedAt, expires));
	}

	private static Instant signingTime(String amzDate) {
		SigningTime last = lastSigningTime;
		if (last != null && last.amzDate().equals(amzDate)) {
			return last.signedAt();
		}
		Instant signedAt = BASIC_DATE_TIME.parse(amzDate, Instant::from);
		lastSigningTime = new SigningTime(amzDate, signedAt);
		return signedAt;
	}

	/** Without the signature. */
	@Override
	public String toString() {
		return "SigV4Authorization[" + this.location + ", credential=" + this.accessKeyId + "/" + scope()
				+ ", signedHeaders=" + this.signedHeaders + ", amzDate=" + this.amzDate + ", expires=" + this.expires
				+ "]";
	}

	private static int firstWhitespace(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (Character.isWhitespace(value.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	private static SigV4Result incomplete(String message) {
		return SigV4Result.Failed.incompleteSignature(message);
	}

}
