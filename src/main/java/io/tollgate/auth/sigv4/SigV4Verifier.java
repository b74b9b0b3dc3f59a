package io.tollgate.auth.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.tollgate.auth.sigv4.SigV4Result.Failed;
import org.jspecify.annotations.Nullable;

/**
 * Verifies AWS Signature Version 4 on incoming requests for one service and region, as AWS does: the
 * {@code Authorization} header or a presigned URL, the signing time within the allowed clock skew (or, presigned,
 * before {@code X-Amz-Expires} runs out), the access key known, and the signature equal to the one recomputed
 * with the AWS SDK from what the client signed. Failures carry AWS's error types and messages.
 * <p>
 * Verification is CPU work only (hashing and HMACs); the body must be read beforehand. Signatures, secrets and the
 * {@code Authorization} header never appear in a result.
 */
public final class SigV4Verifier {

	/** How far the signing time may be from the clock, as API Gateway answers ("... - 5 min."). */
	public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

	/** Why a request signing {@code UNSIGNED-PAYLOAD} over plain HTTP is refused. */
	public static final String UNSIGNED_PAYLOAD_OVER_HTTP = "UNSIGNED-PAYLOAD is accepted only over HTTPS; sign the"
			+ " payload's SHA-256 in x-amz-content-sha256";

	private final String service;

	private final String region;

	private final Function<String, Optional<String>> secretAccessKeys;

	private final Clock clock;

	private final Duration maxClockSkew;

	private final boolean unsignedPayloadOverHttp;

	private final SigningKeys signingKeys = new SigningKeys();

	private final ExpectedSignature expectedSignature = new ExpectedSignature();

	/**
	 * @param service the signing name requests must be scoped to ({@code apigateway}, {@code execute-api})
	 * @param region the region requests must be scoped to
	 * @param secretAccessKeys the secret access key of an access key id, empty when the key is unknown
	 * @param clock the clock the signing time is checked against
	 */
	public SigV4Verifier(String service, String region, Function<String, Optional<String>> secretAccessKeys,
			Clock clock) {
		this(service, region, secretAccessKeys, clock, DEFAULT_MAX_CLOCK_SKEW);
	}

	/**
	 * @param maxClockSkew how far the signing time may be from the clock, either way
	 * @see #SigV4Verifier(String, String, Function, Clock)
	 */
	public SigV4Verifier(String service, String region, Function<String, Optional<String>> secretAccessKeys,
			Clock clock, Duration maxClockSkew) {
		this(service, region, secretAccessKeys, clock, maxClockSkew, false);
	}

	/**
	 * @param unsignedPayloadOverHttp whether {@code UNSIGNED-PAYLOAD} is accepted on requests that did not arrive
	 * over TLS (behind a proxy that terminates TLS); without TLS nothing else protects the unsigned body
	 * @see #SigV4Verifier(String, String, Function, Clock)
	 */
	public SigV4Verifier(String service, String region, Function<String, Optional<String>> secretAccessKeys,
			Clock clock, Duration maxClockSkew, boolean unsignedPayloadOverHttp) {
		this.unsignedPayloadOverHttp = unsignedPayloadOverHttp;
		this.service = service;
		this.region = region;
		this.secretAccessKeys = secretAccessKeys;
		this.clock = clock;
		this.maxClockSkew = maxClockSkew;
	}

	/** Verifies the signature of {@code request}. */
	public SigV4Result verify(SigV4Request request) {
		String header = request.firstHeader("Authorization");
		Map<String, String> query = firstValues(request.queryParameters());
		boolean presigned = query.containsKey(SigV4Authorization.X_AMZ_ALGORITHM)
				|| query.containsKey(SigV4Authorization.X_AMZ_CREDENTIAL)
				|| query.containsKey(SigV4Authorization.X_AMZ_SIGNATURE);
		if (header == null && !presigned) {
			return Failed.missingAuthenticationToken();
		}
		if (header != null && presigned) {
			return Failed.incompleteSignature("Only one auth mechanism allowed; only the X-Amz-Algorithm query "
					+ "parameter, Signature query string parameter or the Authorization header should be specified");
		}
		return (header != null)
				? SigV4Authorization.fromHeader(header, request.firstHeader(SigV4Authorization.X_AMZ_DATE),
						(authorization) -> verify(request, authorization))
				: SigV4Authorization.fromQuery(query, (authorization) -> verify(request, authorization));
	}

	private SigV4Result verify(SigV4Request request, SigV4Authorization authorization) {
		Failed refused = checkScope(authorization);
		if (refused == null) {
			refused = checkTime(authorization);
		}
		if (refused != null) {
			return refused;
		}
		Optional<String> secret = this.secretAccessKeys.apply(authorization.accessKeyId());
		if (secret.isEmpty()) {
			return Failed.unrecognizedClient();
		}
		return checkSignature(request, authorization, secret.get());
	}

	private @Nullable Failed checkScope(SigV4Authorization authorization) {
		if (!this.region.equals(authorization.region())) {
			return Failed.invalidSignature(
					"Credential should be scoped to a valid region, not '" + authorization.region() + "'. ");
		}
		if (!this.service.equals(authorization.service())) {
			return Failed.invalidSignature("Credential should be scoped to correct service: '" + this.service + "'. ");
		}
		if (!SigV4Authorization.TERMINATOR.equals(authorization.terminator())) {
			return Failed.invalidSignature("Credential should be scoped with a valid terminator: 'aws4_request', not '"
					+ authorization.terminator() + "'. ");
		}
		String day = authorization.amzDate().substring(0, 8);
		if (!day.equals(authorization.scopeDate())) {
			return Failed.invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
					+ "date from HTTP: '" + authorization.scopeDate() + "' != '" + day + "', from '"
					+ authorization.amzDate() + "'.");
		}
		return null;
	}

	private @Nullable Failed checkTime(SigV4Authorization authorization) {
		Instant now = this.clock.instant();
		Instant signedAt = authorization.signedAt();
		if (signedAt.isAfter(now.plus(this.maxClockSkew))) {
			return Failed.invalidSignature("Signature not yet current: " + authorization.amzDate()
					+ " is still later than " + format(now.plus(this.maxClockSkew)) + " (" + format(now) + " + "
					+ this.maxClockSkew.toMinutes() + " min.)");
		}
		Duration expires = authorization.expires();
		if (expires != null) {
			if (now.isAfter(signedAt.plus(expires))) {
				return Failed.invalidSignature("Signature expired: " + authorization.amzDate()
						+ " is now earlier than " + format(now.minus(expires)) + " (" + format(now) + " - "
						+ expires.toSeconds() + " sec.)");
			}
		}
		else if (signedAt.isBefore(now.minus(this.maxClockSkew))) {
			return Failed.invalidSignature("Signature expired: " + authorization.amzDate() + " is now earlier than "
					+ format(now.minus(this.maxClockSkew)) + " (" + format(now) + " - " + this.maxClockSkew.toMinutes()
					+ " min.)");
		}
		return null;
	}

	private SigV4Result checkSignature(SigV4Request request, SigV4Authorization authorization, String secret) {
		boolean unsignedPayload = signsUnsignedPayload(request, authorization);
		if (unsignedPayload && !request.overTls() && !this.unsignedPayloadOverHttp) {
			// Over plain HTTP anyone on the path could replace a body the signature does not cover.
			return Failed.invalidSignature(UNSIGNED_PAYLOAD_OVER_HTTP);
		}
		String expected;
		try {
			expected = this.expectedSignature.of(request, authorization, this.signingKeys.of(secret, authorization),
					unsignedPayload ? ExpectedSignature.UNSIGNED_PAYLOAD : ExpectedSignature.sha256Hex(request.body()));
		}
		catch (IllegalArgumentException ex) {
			// A method or path the SDK cannot represent cannot have been signed by an AWS client either.
			return Failed.signatureMismatch();
		}
		byte[] provided = authorization.signature().getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), provided)) {
			return Failed.signatureMismatch();
		}
		return new SigV4Result.Verified(authorization.accessKeyId());
	}

	/**
	 * Whether the client signed {@code UNSIGNED-PAYLOAD}: where it says so in a signed {@code x-amz-content-sha256}
	 * header; otherwise the body's SHA-256 is signed (presigned URLs included, as the AWS SDKs and AWS's test suite
	 * presign).
	 */
	private static boolean signsUnsignedPayload(SigV4Request request, SigV4Authorization authorization) {
		return authorization.signedHeaders().contains(ExpectedSignature.X_AMZ_CONTENT_SHA256)
				&& ExpectedSignature.UNSIGNED_PAYLOAD.equals(request.firstHeader(ExpectedSignature.X_AMZ_CONTENT_SHA256));
	}

	private static Map<String, String> firstValues(List<Map.Entry<String, String>> parameters) {
		Map<String, String> first = new LinkedHashMap<>();
		parameters.forEach((parameter) -> first.putIfAbsent(parameter.getKey(), parameter.getValue()));
		return first;
	}

	private static String format(Instant instant) {
		return SigV4Authorization.BASIC_DATE_TIME.format(instant);
	}

	@Override
	public String toString() {
		return "SigV4Verifier[service=" + this.service + ", region=" + this.region + ", maxClockSkew="
				+ this.maxClockSkew + ", unsignedPayloadOverHttp=" + this.unsignedPayloadOverHttp + "]";
	}

}
