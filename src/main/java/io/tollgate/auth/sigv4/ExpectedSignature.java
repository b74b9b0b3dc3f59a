package io.tollgate.auth.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tollgate.auth.sigv4.SigV4Authorization.Location;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4CanonicalRequest;
import software.amazon.awssdk.utils.Pair;

/**
 * The signature a client should have sent: the SDK's canonical request ({@link V4CanonicalRequest}, SDK-internal,
 * pinned by the BOM) of what the client signed, signed as SigV4 specifies. It encodes as the AWS SDKs do for every
 * service but S3: the path normalised and encoded twice. The same computation serves every client, whether it signs
 * {@code x-amz-content-sha256} or not, in the header or presigned (the AWS SDKs, the AWS CLI and boto3, the Go SDK
 * behind Terraform, AWS's published test suite).
 * <p>
 * The canonical request's first lines (method, URI, query) of a request signed in its {@code Authorization} header
 * depend on the method, path and query alone: the SDK computes them once per distinct request line (bounded) rather
 * than on every request, and the signed headers' lines, which change with every signing, with its public canonical
 * header functions. A presigned request's query changes with every signing: the SDK computes its canonical request
 * whole. Only the last HMAC depends on the request: the signing key (four HMACs of the secret and the credential
 * scope) comes from {@link SigningKeys}.
 */
final class ExpectedSignature {

	static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

	static final String X_AMZ_CONTENT_SHA256 = "x-amz-content-sha256";

	static final String X_AMZ_DATE = "x-amz-date";

	/** The hex SHA-256 of no bytes: the payload hash of every request without a body. */
	static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	private static final V4CanonicalRequest.Options OPTIONS = new V4CanonicalRequest.Options(true, true);

	private static final Set<String> WITHOUT_SIGNATURE = Set.of(SigV4Authorization.X_AMZ_SIGNATURE);

	/** Characters of request lines kept (keys and values), whatever their number: a few megabytes at most. */
	private static final long REQUEST_LINES_WEIGHT = 1_000_000;

	private static final MessageDigest SHA_256 = sha256Digest();

	/** {@code method\ncanonical URI\ncanonical query\n} by {@code method path?query}. */
	private final Cache<String, String> requestLines = Caffeine.newBuilder()
		.maximumWeight(REQUEST_LINES_WEIGHT)
		.<String, String>weigher((line, canonical) -> line.length() + canonical.length())
		.build();

	/**
	 * The signature for {@code request} under {@code authorization}'s scope and signed headers.
	 * @param signingKey an HMAC-SHA256 keyed with the signing key of the authorization's scope, for this call alone
	 * @param payloadHash the hex SHA-256 of the body, or {@link #UNSIGNED_PAYLOAD}
	 */
	String of(SigV4Request request, SigV4Authorization authorization, Mac signingKey, String payloadHash) {
		String canonicalRequest = (authorization.location() == Location.QUERY)
				? new V4CanonicalRequest(copy(request, authorization.signedHeaders(), WITHOUT_SIGNATURE), payloadHash,
						OPTIONS)
					.getCanonicalRequestString()
				: canonicalRequest(request, authorization, payloadHash);
		String stringToSign = SigV4Authorization.ALGORITHM + "\n" + authorization.amzDate() + "\n"
				+ authorization.scope() + "\n" + HexFormat.of().formatHex(sha256(canonicalRequest));
		return HexFormat.of().formatHex(signingKey.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * The canonical request of a request signed in its header: the request lines as the SDK computes them (kept),
	 * then the signed headers as its canonical header functions list them, then the payload hash.
	 */
	private String canonicalRequest(SigV4Request request, SigV4Authorization authorization, String payloadHash) {
		String line = request.method() + " " + request.rawPath()
				+ ((request.rawQuery() != null) ? "?" + request.rawQuery() : "");
		String requestLines = this.requestLines.get(line, (key) -> requestLines(request));
		// As the SDK's request holds them: names case-insensitive, a signed header the request lacks left out.
		Map<String, List<String>> signed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (String name : authorization.signedHeaders()) {
			List<String> values = request.header(name);
			if (!values.isEmpty()) {
				signed.computeIfAbsent(name, (key) -> new ArrayList<>()).addAll(values);
			}
		}
		List<Pair<String, List<String>>> headers = V4CanonicalRequest.getCanonicalHeaders(signed);
		return requestLines + V4CanonicalRequest.getCanonicalHeadersString(headers) + "\n"
				+ V4CanonicalRequest.getSignedHeadersString(headers) + "\n" + payloadHash;
	}

	/** The SDK's canonical request of the request without headers, up to its query's line included. */
	private static String requestLines(SigV4Request request) {
		String whole = new V4CanonicalRequest(copy(request, List.of(), Set.of()), "", OPTIONS)
			.getCanonicalRequestString();
		// Method, URI and query: each encoded, none holds a line break.
		int end = whole.indexOf('\n', whole.indexOf('\n', whole.indexOf('\n') + 1) + 1);
		return whole.substring(0, end + 1);
	}

	/** The signing key of {@code secretAccessKey} for the authorization's credential scope. */
	static byte[] signingKey(String secretAccessKey, SigV4Authorization authorization) {
		byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), authorization.scopeDate());
		key = hmac(key, authorization.region());
		key = hmac(key, authorization.service());
		return hmac(key, authorization.terminator());
	}

	/** An HMAC-SHA256 keyed with {@code key}, ready to sign. */
	static Mac hmacSha256(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	static String sha256Hex(byte[] bytes) {
		return (bytes.length == 0) ? EMPTY_SHA256 : HexFormat.of().formatHex(sha256(bytes));
	}

	/** The request with only the headers named and without {@code excludedParameters}. */
	private static SdkHttpRequest copy(SigV4Request request, List<String> signedHeaders,
			Set<String> excludedParameters) {
		SdkHttpRequest.Builder copy = SdkHttpRequest.builder()
			.method(SdkHttpMethod.fromValue(request.method()))
			.protocol("https")
			.host("localhost")
			.encodedPath(request.rawPath().isEmpty() ? "/" : request.rawPath());
		for (String name : signedHeaders) {
			request.header(name).forEach((value) -> copy.appendHeader(name, value));
		}
		for (Map.Entry<String, String> parameter : request.queryParameters()) {
			if (!excludedParameters.contains(parameter.getKey())) {
				copy.appendRawQueryParameter(parameter.getKey(), parameter.getValue());
			}
		}
		return copy.build();
	}

	private static byte[] sha256(String text) {
		return sha256(text.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			// A clone of a digest never used costs less than looking the algorithm up again.
			return ((MessageDigest) SHA_256.clone()).digest(bytes);
		}
		catch (CloneNotSupportedException ex) {
			return sha256Digest().digest(bytes);
		}
	}

	private static MessageDigest sha256Digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static byte[] hmac(byte[] key, String data) {
		return hmacSha256(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return "ExpectedSignature[" + this.requestLines.estimatedSize() + " request lines]";
	}

}
