package io.tollgate.auth.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.tollgate.auth.sigv4.SigV4Authorization.Location;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4CanonicalRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The signature a client should have sent, recomputed with the AWS SDK from a copy of the request that holds only
 * what the client signed.
 * <p>
 * The SDK's signer ({@link AwsV4HttpSigner}) re-signs the copy whenever it can reproduce the client's choices. It
 * always adds and signs {@code x-amz-content-sha256}, and presigns only with {@code X-Amz-Expires}, so clients
 * that do neither (the AWS CLI and boto3, the Go SDK behind Terraform, AWS's published test suite) are checked
 * against the SDK's canonical request ({@link V4CanonicalRequest}, SDK-internal, pinned by the BOM) signed as
 * SigV4 specifies. Both encode as the AWS SDKs do for every service but S3: the path normalised and encoded twice.
 */
final class ExpectedSignature {

	static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

	static final String X_AMZ_CONTENT_SHA256 = "x-amz-content-sha256";

	static final String X_AMZ_DATE = "x-amz-date";

	private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

	// What the SDK's query signer adds itself; the copy leaves them out so that it adds the client's values back.
	private static final Set<String> PRESIGNING_PARAMETERS = Set.of(SigV4Authorization.X_AMZ_ALGORITHM,
			SigV4Authorization.X_AMZ_CREDENTIAL, SigV4Authorization.X_AMZ_DATE,
			SigV4Authorization.X_AMZ_SIGNED_HEADERS, SigV4Authorization.X_AMZ_SIGNATURE,
			SigV4Authorization.X_AMZ_EXPIRES, SigV4Authorization.X_AMZ_SECURITY_TOKEN);

	private ExpectedSignature() {
	}

	/**
	 * The signature for {@code request} under {@code authorization}'s scope and signed headers.
	 * @param payloadHash the hex SHA-256 of the body, or {@link #UNSIGNED_PAYLOAD}
	 */
	static String of(SigV4Request request, SigV4Authorization authorization, String secretAccessKey,
			String payloadHash) {
		return signerReproduces(authorization) ? bySigner(request, authorization, secretAccessKey, payloadHash)
				: byCanonicalRequest(request, authorization, secretAccessKey, payloadHash);
	}

	/** Whether the SDK's signer, given the same request, time and key, signs what the client signed. */
	static boolean signerReproduces(SigV4Authorization authorization) {
		if (authorization.location() == Location.QUERY) {
			Duration expires = authorization.expires();
			return expires != null && !expires.isZero();
		}
		return authorization.signedHeaders().contains(X_AMZ_CONTENT_SHA256)
				&& authorization.signedHeaders().contains(X_AMZ_DATE);
	}

	/** Re-signs the copy with the SDK's signer, at the client's signing time. */
	static String bySigner(SigV4Request request, SigV4Authorization authorization, String secretAccessKey,
			String payloadHash) {
		boolean query = authorization.location() == Location.QUERY;
		SdkHttpRequest copy = copy(request, authorization, query ? PRESIGNING_PARAMETERS : Set.of());
		String token = query ? firstQueryValue(request, SigV4Authorization.X_AMZ_SECURITY_TOKEN)
				: signedHeader(request, authorization, SigV4Authorization.X_AMZ_SECURITY_TOKEN);
		AwsCredentialsIdentity identity = (token != null)
				? AwsSessionCredentialsIdentity.create(authorization.accessKeyId(), secretAccessKey, token)
				: AwsCredentialsIdentity.create(authorization.accessKeyId(), secretAccessKey);
		SignedRequest signed = SIGNER.sign((sign) -> {
			sign.request(copy)
				.identity(identity)
				.putProperty(AwsV4HttpSigner.REGION_NAME, authorization.region())
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, authorization.service())
				.putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(authorization.signedAt(), ZoneOffset.UTC))
				.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, true)
				.putProperty(AwsV4HttpSigner.NORMALIZE_PATH, true);
			if (UNSIGNED_PAYLOAD.equals(payloadHash)) {
				// Without a payload the signer hashes as UNSIGNED-PAYLOAD.
				sign.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false);
			}
			else {
				sign.payload(ContentStreamProvider.fromByteArrayUnsafe(request.body()))
					.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true);
			}
			if (query) {
				sign.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
					.putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, authorization.expires());
			}
		});
		if (query) {
			return signed.request().firstMatchingRawQueryParameter(SigV4Authorization.X_AMZ_SIGNATURE).orElse("");
		}
		String header = signed.request().firstMatchingHeader("Authorization").orElse("");
		return header.substring(header.lastIndexOf("Signature=") + "Signature=".length());
	}

	/** Signs the SDK's canonical request of the copy as SigV4 specifies, for what its signer cannot reproduce. */
	static String byCanonicalRequest(SigV4Request request, SigV4Authorization authorization, String secretAccessKey,
			String payloadHash) {
		boolean query = authorization.location() == Location.QUERY;
		SdkHttpRequest copy = copy(request, authorization,
				query ? Set.of(SigV4Authorization.X_AMZ_SIGNATURE) : Set.of());
		String canonicalRequest = new V4CanonicalRequest(copy, payloadHash, new V4CanonicalRequest.Options(true, true))
			.getCanonicalRequestString();
		String stringToSign = SigV4Authorization.ALGORITHM + "\n" + authorization.amzDate() + "\n"
				+ authorization.scope() + "\n" + HexFormat.of().formatHex(sha256(canonicalRequest));
		byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), authorization.scopeDate());
		key = hmac(key, authorization.region());
		key = hmac(key, authorization.service());
		key = hmac(key, authorization.terminator());
		return HexFormat.of().formatHex(hmac(key, stringToSign));
	}

	static String sha256Hex(byte[] bytes) {
		return HexFormat.of().formatHex(sha256(bytes));
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

	private static @Nullable String signedHeader(SigV4Request request, SigV4Authorization authorization,
			String name) {
		return authorization.signedHeaders().contains(name.toLowerCase(Locale.ROOT))
				? request.firstHeader(name) : null;
	}

	private static @Nullable String firstQueryValue(SigV4Request request, String name) {
		return request.queryParameters()
			.stream()
			.filter((parameter) -> parameter.getKey().equals(name))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
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
