package io.tollgate.auth.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.tollgate.auth.sigv4.SigV4Authorization.Location;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4CanonicalRequest;

/**
 * The signature a client should have sent: the SDK's canonical request ({@link V4CanonicalRequest}, SDK-internal,
 * pinned by the BOM) of a copy of the request that holds only what the client signed, signed as SigV4 specifies. It
 * encodes as the AWS SDKs do for every service but S3: the path normalised and encoded twice. The same computation
 * serves every client, whether it signs {@code x-amz-content-sha256} or not, in the header or presigned (the AWS
 * SDKs, the AWS CLI and boto3, the Go SDK behind Terraform, AWS's published test suite).
 * <p>
 * Only the last HMAC depends on the request: the signing key (four HMACs of the secret and the credential scope)
 * comes from {@link SigningKeys}.
 */
final class ExpectedSignature {

	static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

	static final String X_AMZ_CONTENT_SHA256 = "x-amz-content-sha256";

	static final String X_AMZ_DATE = "x-amz-date";

	/** The hex SHA-256 of no bytes: the payload hash of every request without a body. */
	static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	private static final V4CanonicalRequest.Options OPTIONS = new V4CanonicalRequest.Options(true, true);

	private static final Set<String> WITHOUT_SIGNATURE = Set.of(SigV4Authorization.X_AMZ_SIGNATURE);

	private ExpectedSignature() {
	}

	/**
	 * The signature for {@code request} under {@code authorization}'s scope and signed headers.
	 * @param signingKey the key derived from the secret access key for the authorization's scope
	 * @param payloadHash the hex SHA-256 of the body, or {@link #UNSIGNED_PAYLOAD}
	 */
	static String of(SigV4Request request, SigV4Authorization authorization, byte[] signingKey, String payloadHash) {
		boolean query = authorization.location() == Location.QUERY;
		SdkHttpRequest copy = copy(request, authorization, query ? WITHOUT_SIGNATURE : Set.of());
		String canonicalRequest = new V4CanonicalRequest(copy, payloadHash, OPTIONS).getCanonicalRequestString();
		String stringToSign = SigV4Authorization.ALGORITHM + "\n" + authorization.amzDate() + "\n"
				+ authorization.scope() + "\n" + HexFormat.of().formatHex(sha256(canonicalRequest));
		return HexFormat.of().formatHex(hmac(signingKey, stringToSign));
	}

	/** The signing key of {@code secretAccessKey} for the authorization's credential scope. */
	static byte[] signingKey(String secretAccessKey, SigV4Authorization authorization) {
		byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), authorization.scopeDate());
		key = hmac(key, authorization.region());
		key = hmac(key, authorization.service());
		return hmac(key, authorization.terminator());
	}

	static String sha256Hex(byte[] bytes) {
		return (bytes.length == 0) ? EMPTY_SHA256 : HexFormat.of().formatHex(sha256(bytes));
	}

	/** The request with only the signed headers and without {@code excludedParameters}. */
	private static SdkHttpRequest copy(SigV4Request request, SigV4Authorization authorization,
			Set<String> excludedParameters) {
		SdkHttpRequest.Builder copy = SdkHttpRequest.builder()
			.method(SdkHttpMethod.fromValue(request.method()))
			.protocol("https")
			.host("localhost")
			.encodedPath(request.rawPath().isEmpty() ? "/" : request.rawPath());
		for (String name : authorization.signedHeaders()) {
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
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static byte[] hmac(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
