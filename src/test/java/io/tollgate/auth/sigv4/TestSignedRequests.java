package io.tollgate.auth.sigv4;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Requests signed by the AWS SDK's own signer ({@link AwsV4HttpSigner}), as AWS clients sign them, turned into
 * what a server receives. Defaults: the management API's signing name and region, AWS's example key pair and the
 * signing time of AWS's test suite.
 */
public final class TestSignedRequests {

	public static final String ACCESS_KEY_ID = "AKIDEXAMPLE";

	public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

	public static final String REGION = "us-east-1";

	public static final String SERVICE = "apigateway";

	/** The signing time of AWS's SigV4 test suite, {@code 20150830T123600Z}. */
	public static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");

	private TestSignedRequests() {
	}

	/** Knows {@link #ACCESS_KEY_ID} only. */
	public static Optional<String> secretAccessKeys(String accessKeyId) {
		return ACCESS_KEY_ID.equals(accessKeyId) ? Optional.of(SECRET_ACCESS_KEY) : Optional.empty();
	}

	/** A request to sign; {@code uri} is as it goes over the wire ({@code http://127.0.0.1:8081/a%20b?x=1}). */
	public static Signing request(String method, String uri) {
		return new Signing(SdkHttpMethod.fromValue(method), URI.create(uri));
	}

	/** What a server receives for a request the SDK signed. */
	public static SigV4Request received(SdkHttpRequest signed, byte[] body) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		signed.forEachHeader((name, values) -> headers.put(name, values));
		return new SigV4Request(signed.method().name(), signed.encodedPath(),
				signed.encodedQueryParameters().orElse(null), headers, body);
	}

	/** {@code request} as received, with one header's values replaced (or added). */
	public static SigV4Request withHeader(SigV4Request request, String name, String... values) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.headers().forEach(headers::put);
		headers.keySet().removeIf(name::equalsIgnoreCase);
		headers.put(name, List.of(values));
		return new SigV4Request(request.method(), request.rawPath(), request.rawQuery(), headers, request.body(),
				request.overTls());
	}

	/** {@code request} as received, without one header. */
	public static SigV4Request withoutHeader(SigV4Request request, String name) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.headers().forEach(headers::put);
		headers.keySet().removeIf(name::equalsIgnoreCase);
		return new SigV4Request(request.method(), request.rawPath(), request.rawQuery(), headers, request.body(),
				request.overTls());
	}

	public static SigV4Request withPath(SigV4Request request, String rawPath) {
		return new SigV4Request(request.method(), rawPath, request.rawQuery(), request.headers(), request.body(),
				request.overTls());
	}

	public static SigV4Request withQuery(SigV4Request request, @Nullable String rawQuery) {
		return new SigV4Request(request.method(), request.rawPath(), rawQuery, request.headers(), request.body(),
				request.overTls());
	}

	public static SigV4Request withBody(SigV4Request request, String body) {
		return new SigV4Request(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
				body.getBytes(StandardCharsets.UTF_8), request.overTls());
	}

	/** {@code request} as received over TLS. */
	public static SigV4Request overTls(SigV4Request request) {
		return new SigV4Request(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
				request.body(), true);
	}

	/** A request being prepared for the signer. */
	public static final class Signing {

		private final SdkHttpRequest.Builder request;

		private byte[] body = new byte[0];

		private String secretAccessKey = SECRET_ACCESS_KEY;

		private String accessKeyId = ACCESS_KEY_ID;

		private @Nullable String sessionToken;

		private String service = SERVICE;

		private String region = REGION;

		private Instant signedAt = SIGNED_AT;

		private boolean unsignedPayload;

		private @Nullable Duration presignedFor;

		Signing(SdkHttpMethod method, URI uri) {
			this.request = SdkHttpRequest.builder().method(method).uri(uri);
		}

		public Signing header(String name, String... values) {
			for (String value : values) {
				this.request.appendHeader(name, value);
			}
			return this;
		}

		public Signing body(String body) {
			this.body = body.getBytes(StandardCharsets.UTF_8);
			return this;
		}

		public Signing credentials(String accessKeyId, String secretAccessKey) {
			this.accessKeyId = accessKeyId;
			this.secretAccessKey = secretAccessKey;
			return this;
		}

		public Signing sessionToken(String sessionToken) {
			this.sessionToken = sessionToken;
			return this;
		}

		public Signing scope(String service, String region) {
			this.service = service;
			this.region = region;
			return this;
		}

		public Signing signedAt(Instant signedAt) {
			this.signedAt = signedAt;
			return this;
		}

		/** Signs {@code x-amz-content-sha256: UNSIGNED-PAYLOAD} instead of the body's hash. */
		public Signing unsignedPayload() {
			this.unsignedPayload = true;
			return this;
		}

		/** A presigned URL ({@code X-Amz-*} query parameters) valid for {@code expires}. */
		public Signing presigned(Duration expires) {
			this.presignedFor = expires;
			return this;
		}

		/** Signs with the SDK and returns what the server receives. */
		public SigV4Request sign() {
			SdkHttpRequest unsigned = this.request.build();
			AwsCredentialsIdentity identity = (this.sessionToken != null)
					? AwsSessionCredentialsIdentity.create(this.accessKeyId, this.secretAccessKey, this.sessionToken)
					: AwsCredentialsIdentity.create(this.accessKeyId, this.secretAccessKey);
			SignedRequest signed = AwsV4HttpSigner.create().sign((sign) -> {
				sign.request(unsigned)
					.identity(identity)
					.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, this.service)
					.putProperty(AwsV4HttpSigner.REGION_NAME, this.region)
					.putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(this.signedAt, ZoneOffset.UTC));
				if (this.unsignedPayload) {
					// Over HTTP the signer signs any payload it is given: none, and it hashes as UNSIGNED-PAYLOAD.
					sign.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false);
				}
				else {
					sign.payload(ContentStreamProvider.fromByteArray(this.body));
				}
				if (this.presignedFor != null) {
					sign.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
						.putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, this.presignedFor);
				}
			});
			return received(signed.request(), this.body);
		}

	}

	/** The header names the {@code Authorization} header lists as signed. */
	static List<String> signedHeaderNames(SigV4Request request) {
		String authorization = request.firstHeader("Authorization");
		if (authorization == null) {
			return List.of();
		}
		String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]*).*", "$1");
		return new ArrayList<>(List.of(signedHeaders.split(";")));
	}

}
