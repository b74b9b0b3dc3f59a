package io.tollgate.auth.sigv4;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.crypto.Mac;


import io.tollgate.auth.sigv4.SigV4Result.Failed;
import io.tollgate.auth.sigv4.SigV4Result.Verified;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import static io.tollgate.auth.sigv4.TestSignedRequests.ACCESS_KEY_ID;
import static io.tollgate.auth.sigv4.TestSignedRequests.SIGNED_AT;
import static io.tollgate.auth.sigv4.TestSignedRequests.request;
import static io.tollgate.auth.sigv4.TestSignedRequests.withBody;
import static io.tollgate.auth.sigv4.TestSignedRequests.withHeader;
import static io.tollgate.auth.sigv4.TestSignedRequests.withPath;
import static io.tollgate.auth.sigv4.TestSignedRequests.withQuery;
import static io.tollgate.auth.sigv4.TestSignedRequests.withoutHeader;
import static org.assertj.core.api.Assertions.assertThat;

class SigV4VerifierTests {

	private static final String MISMATCH = "The request signature we calculated does not match the signature you "
			+ "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for "
			+ "details.";

	private static final String ADMIN = "http://127.0.0.1:8081";

	private final SigV4Verifier verifier = verifierAt(SIGNED_AT);

	private static SigV4Verifier verifierAt(Instant now) {
		return new SigV4Verifier("apigateway", "us-east-1", TestSignedRequests::secretAccessKeys,
				Clock.fixed(now, ZoneOffset.UTC));
	}

	private static void assertVerified(SigV4Result result) {
		assertThat(result).isEqualTo(new Verified(ACCESS_KEY_ID));
	}

	private static void assertFailed(SigV4Result result, String errorType, String message) {
		assertThat(result).isEqualTo(new Failed(errorType, message, 403));
	}

	private static void assertMismatch(SigV4Result result) {
		assertFailed(result, "InvalidSignatureException", MISMATCH);
	}

	@Nested
	class HeaderForm {

		@Test
		void getSignedByTheSdkIsVerified() {
			SigV4Request signed = request("GET", ADMIN + "/restapis?limit=25&position=abc").sign();
			assertThat(TestSignedRequests.signedHeaderNames(signed)).contains("host", "x-amz-content-sha256",
					"x-amz-date");
			assertThat(signed.firstHeader("Host")).isEqualTo("127.0.0.1:8081");
			assertVerified(SigV4VerifierTests.this.verifier.verify(signed));
		}

		@Test
		void postWithBodySignedByTheSdkIsVerified() {
			SigV4Request signed = request("POST", ADMIN + "/restapis").header("Content-Type", "application/json")
				.body("{\"name\":\"Orders\"}")
				.sign();
			assertVerified(SigV4VerifierTests.this.verifier.verify(signed));
		}

		@Test
		void tamperedPathIsInvalidSignature() {
			SigV4Request signed = request("GET", ADMIN + "/restapis/abc").sign();
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withPath(signed, "/restapis/abd")));
		}

		@Test
		void tamperedQueryIsInvalidSignature() {
			SigV4Request signed = request("GET", ADMIN + "/restapis?limit=25").sign();
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withQuery(signed, "limit=26")));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withQuery(signed, "limit=25&extra=1")));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withQuery(signed, null)));
		}

		@Test
		void tamperedSignedHeaderIsInvalidSignature() {
			SigV4Request signed = request("POST", ADMIN + "/restapis").header("Content-Type", "application/json")
				.body("{}")
				.sign();
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withHeader(signed, "Content-Type", "text/plain")));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withoutHeader(signed, "Content-Type")));
		}

		@Test
		void hostIncludingItsPortIsSigned() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").sign();
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withHeader(signed, "Host", "127.0.0.1:8082")));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withHeader(signed, "Host", "127.0.0.1")));
		}

		@Test
		void headersAddedAfterSigningAreIgnored() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").sign();
			SigV4Request received = withHeader(withHeader(signed, "User-Agent", "aws-cli/2"), "X-Forwarded-For",
					"10.0.0.1");
			assertVerified(SigV4VerifierTests.this.verifier.verify(received));
		}

		@Test
		void tamperedBodyIsInvalidSignature() {
			SigV4Request signed = request("POST", ADMIN + "/restapis").body("{\"name\":\"Orders\"}").sign();
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withBody(signed, "{\"name\":\"Orderz\"}")));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withBody(signed, "")));
		}

		@Test
		void wrongSecretIsInvalidSignature() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").credentials(ACCESS_KEY_ID, "not-the-secret")
				.sign();
			assertMismatch(SigV4VerifierTests.this.verifier.verify(signed));
		}

		@Test
		void signatureOfAReplacedSecretIsInvalidOnceTheKeyHasANewSecret() {
			AtomicReference<String> secret = new AtomicReference<>(TestSignedRequests.SECRET_ACCESS_KEY);
			SigV4Verifier rotating = new SigV4Verifier("apigateway", "us-east-1",
					(accessKeyId) -> Optional.of(secret.get()), Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
			SigV4Request signed = request("GET", ADMIN + "/restapis").sign();
			assertVerified(rotating.verify(signed));
			secret.set("the-new-secret");
			assertMismatch(rotating.verify(signed));
			assertVerified(rotating.verify(request("GET", ADMIN + "/restapis").credentials(ACCESS_KEY_ID,
					"the-new-secret").sign()));
		}

		@Test
		void unknownAccessKeyIsUnrecognizedClient() {
			SigV4Request signed = request("GET", ADMIN + "/restapis")
				.credentials("AKIDUNKNOWN", TestSignedRequests.SECRET_ACCESS_KEY)
				.sign();
			assertFailed(SigV4VerifierTests.this.verifier.verify(signed), "UnrecognizedClientException",
					"The security token included in the request is invalid.");
		}

		@Test
		void signatureIsComparedExactly() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").sign();
			String authorization = signed.firstHeader("Authorization");
			String upper = authorization.substring(0, authorization.length() - 64)
					+ authorization.substring(authorization.length() - 64).toUpperCase();
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withHeader(signed, "Authorization", upper)));
			String truncated = authorization.substring(0, authorization.length() - 1);
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withHeader(signed, "Authorization", truncated)));
		}

		@Test
		void sessionTokenIsSignedAndVerified() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").sessionToken("FwoGZXIvYXdzEXAMPLETOKEN").sign();
			assertThat(TestSignedRequests.signedHeaderNames(signed)).contains("x-amz-security-token");
			assertVerified(SigV4VerifierTests.this.verifier.verify(signed));
			assertMismatch(SigV4VerifierTests.this.verifier
				.verify(withHeader(signed, "X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLETOKEm")));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withoutHeader(signed, "X-Amz-Security-Token")));
		}

		@Test
		void unsignedPayloadLeavesTheBodyUnsignedOverTls() {
			SigV4Request signed = TestSignedRequests.overTls(request("POST", ADMIN + "/restapis")
				.body("{\"name\":\"Orders\"}")
				.unsignedPayload()
				.sign());
			assertThat(signed.firstHeader("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
			assertVerified(SigV4VerifierTests.this.verifier.verify(signed));
			assertVerified(SigV4VerifierTests.this.verifier.verify(withBody(signed, "{\"name\":\"Other\"}")));
			assertMismatch(SigV4VerifierTests.this.verifier
				.verify(withHeader(signed, "x-amz-content-sha256", ExpectedSignature.sha256Hex(signed.body()))));
		}

		@Test
		void unsignedPayloadOverPlainHttpIsRefusedUnlessAllowed() {
			SigV4Request signed = request("POST", ADMIN + "/restapis").body("{\"name\":\"Orders\"}")
				.unsignedPayload()
				.sign();
			SigV4Result refused = SigV4VerifierTests.this.verifier.verify(signed);
			assertThat(refused).isInstanceOfSatisfying(SigV4Result.Failed.class, (failed) -> {
				assertThat(failed.errorType()).isEqualTo("InvalidSignatureException");
				assertThat(failed.message()).isEqualTo(SigV4Verifier.UNSIGNED_PAYLOAD_OVER_HTTP);
			});
			SigV4Verifier allowing = new SigV4Verifier("apigateway", "us-east-1", TestSignedRequests::secretAccessKeys,
					Clock.fixed(SIGNED_AT, ZoneOffset.UTC), SigV4Verifier.DEFAULT_MAX_CLOCK_SKEW, true);
			assertVerified(allowing.verify(signed));
		}

		@Test
		void unsignedPayloadCountsOnlyWhenSigned() {
			// A client signed the body's hash without signing x-amz-content-sha256 (as the AWS CLI does); a
			// header added on the way cannot switch the body check off.
			SigV4Request signed = cliStyle("POST", ADMIN + "/restapis", "{\"name\":\"Orders\"}");
			SigV4Request forged = withBody(withHeader(signed, "x-amz-content-sha256", "UNSIGNED-PAYLOAD"), "{}");
			assertMismatch(SigV4VerifierTests.this.verifier.verify(forged));
		}

		@Test
		void clientsThatDoNotSignTheContentHashAreVerified() {
			SigV4Request signed = cliStyle("POST", ADMIN + "/restapis?mode=import", "{\"name\":\"Orders\"}");
			assertThat(TestSignedRequests.signedHeaderNames(signed)).containsExactly("content-type", "host",
					"x-amz-date");
			assertVerified(SigV4VerifierTests.this.verifier.verify(signed));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withBody(signed, "{\"name\":\"Orderz\"}")));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withQuery(signed, "mode=merge")));
		}

	}

	@Nested
	class SigningTime {

		private final SigV4Request signed = request("GET", ADMIN + "/restapis").sign();

		@Test
		void withinFiveMinutesEitherWayIsVerified() {
			assertVerified(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(5))).verify(this.signed));
			assertVerified(verifierAt(SIGNED_AT.minus(Duration.ofMinutes(5))).verify(this.signed));
		}

		@Test
		void olderThanFiveMinutesIsSignatureExpired() {
			SigV4Verifier later = verifierAt(SIGNED_AT.plus(Duration.ofMinutes(5)).plusSeconds(1));
			assertFailed(later.verify(this.signed), "InvalidSignatureException",
					"Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z "
							+ "(20150830T124101Z - 5 min.)");
		}

		@Test
		void laterThanFiveMinutesAheadIsNotYetCurrent() {
			SigV4Verifier earlier = verifierAt(SIGNED_AT.minus(Duration.ofMinutes(5)).minusSeconds(1));
			assertFailed(earlier.verify(this.signed), "InvalidSignatureException",
					"Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z "
							+ "(20150830T123059Z + 5 min.)");
		}

		@Test
		void allowedSkewIsConfigurable() {
			SigV4Verifier lenient = new SigV4Verifier("apigateway", "us-east-1", TestSignedRequests::secretAccessKeys,
					Clock.fixed(SIGNED_AT.plus(Duration.ofMinutes(15)), ZoneOffset.UTC), Duration.ofMinutes(15));
			assertVerified(lenient.verify(this.signed));
		}

		@Test
		void expiryIsCheckedBeforeTheKey() {
			SigV4Request unknownKey = request("GET", ADMIN + "/restapis").credentials("AKIDUNKNOWN", "x").sign();
			SigV4Result result = verifierAt(SIGNED_AT.plus(Duration.ofHours(1))).verify(unknownKey);
			assertThat(((Failed) result).message()).startsWith("Signature expired: ");
		}

	}

	@Nested
	class PresignedUrl {

		@Test
		void presignedBySdkIsVerified() {
			SigV4Request signed = request("GET", ADMIN + "/restapis?limit=5").presigned(Duration.ofMinutes(10))
				.sign();
			assertThat(signed.rawQuery()).contains("X-Amz-Signature=", "X-Amz-Expires=600");
			assertThat(signed.firstHeader("Authorization")).isNull();
			assertVerified(SigV4VerifierTests.this.verifier.verify(signed));
		}

		@Test
		void presignedWithSessionTokenIsVerified() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").sessionToken("FwoGZXIvYXdzEXAMPLETOKEN")
				.presigned(Duration.ofMinutes(10))
				.sign();
			assertThat(signed.rawQuery()).contains("X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLETOKEN");
			assertVerified(SigV4VerifierTests.this.verifier.verify(signed));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withQuery(signed,
					signed.rawQuery().replace("EXAMPLETOKEN", "EXAMPLETOKEM"))));
		}

		@Test
		void tamperedPresignedQueryIsInvalidSignature() {
			SigV4Request signed = request("GET", ADMIN + "/restapis?limit=5").presigned(Duration.ofMinutes(10))
				.sign();
			assertMismatch(SigV4VerifierTests.this.verifier
				.verify(withQuery(signed, signed.rawQuery().replace("limit=5", "limit=6"))));
			assertMismatch(SigV4VerifierTests.this.verifier
				.verify(withQuery(signed, signed.rawQuery().replace("X-Amz-Expires=600", "X-Amz-Expires=6000"))));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withPath(signed, "/restapis/x")));
		}

		@Test
		void presignedIsValidUntilItExpires() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").presigned(Duration.ofMinutes(30)).sign();
			assertVerified(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(30))).verify(signed));
			assertFailed(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(31))).verify(signed),
					"InvalidSignatureException", "Signature expired: 20150830T123600Z is now earlier than "
							+ "20150830T123700Z (20150830T130700Z - 1800 sec.)");
		}

		@Test
		void presignedWithBodyIsVerified() {
			SigV4Request signed = request("POST", ADMIN + "/restapis").body("{\"name\":\"Orders\"}")
				.presigned(Duration.ofMinutes(10))
				.sign();
			assertVerified(SigV4VerifierTests.this.verifier.verify(signed));
		}

		@Test
		void expiresOverAWeekIsIncompleteSignature() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").presigned(Duration.ofMinutes(10)).sign();
			SigV4Request tooLong = withQuery(signed,
					signed.rawQuery().replace("X-Amz-Expires=600", "X-Amz-Expires=604801"));
			assertFailed(SigV4VerifierTests.this.verifier.verify(tooLong), "IncompleteSignatureException",
					"X-Amz-Expires must be less than a week (in seconds) that is 604800");
		}

		@Test
		void missingQueryParametersAreIncompleteSignature() {
			SigV4Request partial = new SigV4Request("GET", "/restapis",
					"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20150830T123600Z",
					Map.of("Host", List.of("127.0.0.1:8081")), new byte[0]);
			assertFailed(SigV4VerifierTests.this.verifier.verify(partial), "IncompleteSignatureException",
					"AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must "
							+ "include 'X-Amz-Signature'. AWS query-string parameters must include "
							+ "'X-Amz-SignedHeaders'. Re-examine the query-string parameters.");
		}

	}

	@Nested
	class Refusals {

		@Test
		void noSignatureIsMissingAuthenticationToken() {
			SigV4Request unsigned = new SigV4Request("GET", "/restapis", "limit=5",
					Map.of("Host", List.of("127.0.0.1:8081")), new byte[0]);
			assertFailed(SigV4VerifierTests.this.verifier.verify(unsigned), "MissingAuthenticationTokenException",
					"Missing Authentication Token");
		}

		@Test
		void bearerTokenIsIncompleteSignature() {
			SigV4Request bearer = new SigV4Request("GET", "/restapis", null,
					Map.of("Host", List.of("127.0.0.1:8081"), "Authorization", List.of("Bearer eyJhbGciOi")),
					new byte[0]);
			Failed failed = (Failed) SigV4VerifierTests.this.verifier.verify(bearer);
			assertThat(failed.errorType()).isEqualTo("IncompleteSignatureException");
			assertThat(failed.message()).isEqualTo("Authorization header requires 'Credential' parameter. "
					+ "Authorization header requires 'Signature' parameter. Authorization header requires "
					+ "'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' "
					+ "or a 'Date' header.");
			assertThat(failed.message()).doesNotContain("eyJhbGciOi");
		}

		@Test
		void missingPartsAreNamed() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").sign();
			String authorization = signed.firstHeader("Authorization");
			String withoutCredential = authorization.replaceAll("Credential=[^,]*, ", "");
			assertFailed(SigV4VerifierTests.this.verifier.verify(withHeader(signed, "Authorization", withoutCredential)),
					"IncompleteSignatureException", "Authorization header requires 'Credential' parameter.");
			assertFailed(SigV4VerifierTests.this.verifier.verify(withoutHeader(signed, "X-Amz-Date")),
					"IncompleteSignatureException",
					"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
		}

		@Test
		void credentialWithoutFiveElementsIsIncompleteSignature() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").sign();
			String authorization = signed.firstHeader("Authorization").replace("/aws4_request", "");
			assertFailed(SigV4VerifierTests.this.verifier.verify(withHeader(signed, "Authorization", authorization)),
					"IncompleteSignatureException",
					"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
							+ "got 'AKIDEXAMPLE/20150830/us-east-1/apigateway'");
		}

		@Test
		void malformedDateIsIncompleteSignature() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").sign();
			assertFailed(SigV4VerifierTests.this.verifier.verify(withHeader(signed, "X-Amz-Date", "2015-08-30")),
					"IncompleteSignatureException", "Date must be in ISO-8601 'basic format'. Got '2015-08-30'. "
							+ "See http://en.wikipedia.org/wiki/ISO_8601");
		}

		@Test
		void unsignedHostIsIncompleteSignature() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").sign();
			String authorization = signed.firstHeader("Authorization").replace("SignedHeaders=host;", "SignedHeaders=");
			assertFailed(SigV4VerifierTests.this.verifier.verify(withHeader(signed, "Authorization", authorization)),
					"IncompleteSignatureException",
					"'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
		}

		@Test
		void otherAlgorithmIsIncompleteSignature() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").sign();
			String authorization = signed.firstHeader("Authorization")
				.replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256");
			assertFailed(SigV4VerifierTests.this.verifier.verify(withHeader(signed, "Authorization", authorization)),
					"IncompleteSignatureException", "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'.");
		}

		@Test
		void otherRegionOrServiceIsInvalidSignature() {
			SigV4Request otherRegion = request("GET", ADMIN + "/restapis").scope("apigateway", "eu-west-1").sign();
			assertFailed(SigV4VerifierTests.this.verifier.verify(otherRegion), "InvalidSignatureException",
					"Credential should be scoped to a valid region, not 'eu-west-1'. ");
			SigV4Request otherService = request("GET", ADMIN + "/restapis").scope("execute-api", "us-east-1").sign();
			assertFailed(SigV4VerifierTests.this.verifier.verify(otherService), "InvalidSignatureException",
					"Credential should be scoped to correct service: 'apigateway'. ");
		}

		@Test
		void scopeDateOtherThanTheSigningDayIsInvalidSignature() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").sign();
			String authorization = signed.firstHeader("Authorization").replace("/20150830/", "/20150831/");
			assertFailed(SigV4VerifierTests.this.verifier.verify(withHeader(signed, "Authorization", authorization)),
					"InvalidSignatureException",
					"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
							+ "'20150831' != '20150830', from '20150830T123600Z'.");
		}

		@Test
		void headerAndQuerySignatureTogetherAreIncompleteSignature() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").sign();
			SigV4Request both = withQuery(signed, "X-Amz-Algorithm=AWS4-HMAC-SHA256");
			assertThat(((Failed) SigV4VerifierTests.this.verifier.verify(both)).errorType())
				.isEqualTo("IncompleteSignatureException");
		}

		@Test
		void resultsNeverCarryTheSignatureOrTheSecret() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").credentials(ACCESS_KEY_ID, "wrong").sign();
			String authorization = signed.firstHeader("Authorization");
			String signature = authorization.substring(authorization.length() - 64);
			SigV4Result result = SigV4VerifierTests.this.verifier.verify(signed);
			assertThat(result.toString()).doesNotContain(signature, TestSignedRequests.SECRET_ACCESS_KEY, "wrong");
		}

	}

	/**
	 * Requests and signatures published in AWS's SigV4 test suite (service {@code service}, {@code us-east-1},
	 * {@code 20150830T123600Z}, AWS's example key pair). None of them signs {@code x-amz-content-sha256}, as most
	 * non-Java clients do not. The suite's cases with spaces or UTF-8 in the path assume S3's single encoding and
	 * are reproduced with the SDK signer below instead.
	 */
	@Nested
	class AwsTestSuite {

		private final SigV4Verifier suite = new SigV4Verifier("service", "us-east-1",
				TestSignedRequests::secretAccessKeys, Clock.fixed(SIGNED_AT, ZoneOffset.UTC));

		private SigV4Result verify(String method, String rawPath, String rawQuery, String signedHeaders,
				String signature, Map<String, List<String>> extraHeaders, String body) {
			Map<String, List<String>> headers = new LinkedHashMap<>();
			headers.put("Host", List.of("example.amazonaws.com"));
			headers.put("X-Amz-Date", List.of("20150830T123600Z"));
			headers.putAll(extraHeaders);
			headers.put("Authorization",
					List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
							+ "SignedHeaders=" + signedHeaders + ", Signature=" + signature));
			return this.suite.verify(
					new SigV4Request(method, rawPath, rawQuery, headers, body.getBytes(StandardCharsets.UTF_8)));
		}

		private SigV4Result verify(String rawPath, String rawQuery, String signature) {
			return verify("GET", rawPath, rawQuery, "host;x-amz-date", signature, Map.of(), "");
		}

		@Test
		void getVanilla() {
			assertVerified(verify("/", null, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
			assertMismatch(verify("/", null, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf32"));
		}

		@Test
		void getVanillaQueryOrderKeyCase() {
			assertVerified(verify("/", "Param2=value2&Param1=value1",
					"b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
		}

		@Test
		void getVanillaUtf8Query() {
			assertVerified(verify("/", "%E1%88%B4=bar",
					"2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"));
		}

		@Test
		void getSlashDotSlashNormalized() {
			assertVerified(verify("/./", null, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
		}

		@Test
		void getHeaderKeyDuplicate() {
			assertVerified(verify("GET", "/", null, "host;my-header1;x-amz-date",
					"c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
					Map.of("My-Header1", List.of("value2", "value2", "value1")), ""));
			assertMismatch(verify("GET", "/", null, "host;my-header1;x-amz-date",
					"c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
					Map.of("My-Header1", List.of("value1", "value2", "value2")), ""));
		}

		@Test
		void getHeaderValueTrim() {
			assertVerified(verify("GET", "/", null, "host;my-header1;my-header2;x-amz-date",
					"acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
					Map.of("My-Header1", List.of(" value1"), "My-Header2", List.of(" \"a   b   c\"")), ""));
		}

		@Test
		void getVanillaWithSessionToken() {
			assertVerified(verify("GET", "/", null, "host;x-amz-date;x-amz-security-token",
					"07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8",
					Map.of("X-Amz-Security-Token",
							List.of("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267")),
					""));
		}

		@Test
		void postVanilla() {
			assertVerified(verify("POST", "/", null, "host;x-amz-date",
					"5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b", Map.of(), ""));
		}

		@Test
		void postXWwwFormUrlencodedSigningTheContentHash() {
			Map<String, List<String>> headers = Map.of("Content-Type", List.of("application/x-www-form-urlencoded"),
					"Content-Length", List.of("13"), "x-amz-content-sha256",
					List.of("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"));
			String signedHeaders = "content-length;content-type;host;x-amz-content-sha256;x-amz-date";
			String signature = "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b";
			assertVerified(verify("POST", "/", null, signedHeaders, signature, headers, "Param1=value1"));
			assertMismatch(verify("POST", "/", null, signedHeaders, signature, headers, "Param1=value2"));
		}

		@Test
		void presignedGetVanillaQueryOrderKeyCase() {
			String query = "Param2=value2&Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256"
					+ "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
					+ "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600"
					+ "&X-Amz-Signature=86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5";
			Map<String, List<String>> headers = Map.of("Host", List.of("example.amazonaws.com"));
			assertVerified(this.suite.verify(new SigV4Request("GET", "/", query, headers, new byte[0])));
			assertMismatch(this.suite.verify(
					new SigV4Request("GET", "/", query.replace("value1", "value0"), headers, new byte[0])));
		}

	}

	/** The test suite's cases that depend on encoding, signed by the SDK as it signs for every service but S3. */
	@Nested
	class TestSuiteCasesSignedByTheSdk {

		private void assertSignedRequestVerifies(TestSignedRequests.Signing signing) {
			SigV4Request signed = signing.sign();
			assertVerified(SigV4VerifierTests.this.verifier.verify(signed));
			SigV4Request presigned = signing.presigned(Duration.ofMinutes(5)).sign();
			assertVerified(SigV4VerifierTests.this.verifier.verify(presigned));
		}

		@Test
		void queryOrder() {
			assertSignedRequestVerifies(request("GET", ADMIN + "/?Param2=value2&Param1=value1&Param1=value0"));
		}

		@Test
		void queryWithSpacesReservedCharactersAndUtf8() {
			assertSignedRequestVerifies(
					request("GET", ADMIN + "/restapis?name=a%20b&%E1%88%B4=bar&slash=%2F&plus=%2B&tilde=~&empty="));
		}

		@Test
		void pathWithSpaces() {
			SigV4Request signed = request("GET", ADMIN + "/example%20space/").sign();
			assertThat(signed.rawPath()).isEqualTo("/example%20space/");
			assertVerified(SigV4VerifierTests.this.verifier.verify(signed));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withPath(signed, "/example%2520space/")));
		}

		@Test
		void pathWithUtf8() {
			assertSignedRequestVerifies(request("GET", ADMIN + "/restapis/%E1%88%B4/resources"));
		}

		@Test
		void pathWithDotsIsNormalized() {
			SigV4Request signed = request("GET", ADMIN + "/example/../restapis/./abc").sign();
			assertThat(signed.rawPath()).isEqualTo("/example/../restapis/./abc");
			assertVerified(SigV4VerifierTests.this.verifier.verify(signed));
			assertVerified(SigV4VerifierTests.this.verifier.verify(withPath(signed, "/restapis/abc")));
		}

		@Test
		void duplicateHeaderValuesInOrder() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").header("My-Header1", "value2", "value2", "value1")
				.sign();
			assertVerified(SigV4VerifierTests.this.verifier.verify(signed));
			assertMismatch(SigV4VerifierTests.this.verifier
				.verify(withHeader(signed, "My-Header1", "value1", "value2", "value2")));
		}

		@Test
		void headerValueWhitespaceIsTrimmed() {
			SigV4Request signed = request("GET", ADMIN + "/restapis").header("My-Header2", "\"a   b   c\"").sign();
			assertVerified(SigV4VerifierTests.this.verifier.verify(withHeader(signed, "My-Header2", " \"a b c\" ")));
		}

	}

	/**
	 * The SDK's canonical request signed per SigV4 gives the signature the SDK's signer gave the client, in every form
	 * it signs: query strings, encoded and dot segments in the path, session tokens, unsigned payloads, presigned.
	 */
	@Nested
	class CanonicalRequestGivesTheSdksSignature {

		@Test
		void canonicalRequestGivesTheClientsSignature() {
			List<SigV4Request> requests = List.of(request("GET", ADMIN + "/restapis?b=2&a=1&a=%20").sign(),
					request("POST", ADMIN + "/restapis/a%20b/x").body("{\"k\":\"\u1234\"}")
						.header("X-Custom", " a  b ")
						.sign(),
					request("PATCH", ADMIN + "/restapis/x/../y").sessionToken("token").body("{}").sign(),
					request("POST", ADMIN + "/restapis").body("{}").unsignedPayload().sign(),
					request("GET", ADMIN + "/restapis?limit=1").presigned(Duration.ofMinutes(1)).sign(),
					request("GET", ADMIN + "/restapis").sessionToken("token").presigned(Duration.ofMinutes(1)).sign());
			ExpectedSignature expected = new ExpectedSignature();
			// Twice each: the second time from the request lines kept the first time.
			for (SigV4Request signed : Stream.concat(requests.stream(), requests.stream()).toList()) {
				Function<SigV4Authorization, SigV4Result> compare = (authorization) -> {
					String payloadHash = "UNSIGNED-PAYLOAD".equals(signed.firstHeader("x-amz-content-sha256"))
							? "UNSIGNED-PAYLOAD" : ExpectedSignature.sha256Hex(signed.body());
					Mac signingKey = ExpectedSignature
						.hmacSha256(ExpectedSignature.signingKey(TestSignedRequests.SECRET_ACCESS_KEY, authorization));
					assertThat(expected.of(signed, authorization, signingKey, payloadHash))
						.isEqualTo(authorization.signature());
					return new Verified(authorization.accessKeyId());
				};
				SigV4Result compared = (signed.firstHeader("Authorization") != null)
						? SigV4Authorization.fromHeader(signed.firstHeader("Authorization"),
								signed.firstHeader("X-Amz-Date"), compare)
						: SigV4Authorization.fromQuery(firstValues(signed), compare);
				assertVerified(compared);
			}
		}

		@Test
		void requestLineVerifiedBeforeStillNeedsItsSignedHeadersAndBody() {
			SigV4Request first = request("POST", ADMIN + "/restapis/a%20b?x=1").header("X-Custom", "one")
				.body("{}")
				.sign();
			SigV4Request second = request("POST", ADMIN + "/restapis/a%20b?x=1").header("X-Custom", "two")
				.body("{\"a\":1}")
				.sign();
			assertVerified(SigV4VerifierTests.this.verifier.verify(first));
			assertVerified(SigV4VerifierTests.this.verifier.verify(second));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withHeader(second, "X-Custom", "one")));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withoutHeader(second, "X-Custom")));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withBody(second, "{}")));
			assertMismatch(SigV4VerifierTests.this.verifier.verify(withQuery(second, "x=2")));
		}

		private static Map<String, String> firstValues(SigV4Request request) {
			Map<String, String> query = new LinkedHashMap<>();
			request.queryParameters().forEach((parameter) -> query.putIfAbsent(parameter.getKey(), parameter.getValue()));
			return query;
		}

	}

	/** Signs as the AWS CLI and the Go SDK do: without {@code x-amz-content-sha256}, the body's hash implied. */
	@SuppressWarnings("deprecation")
	private static SigV4Request cliStyle(String method, String uri, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
			.method(SdkHttpMethod.fromValue(method))
			.uri(URI.create(uri))
			.putHeader("Content-Type", "application/json")
			.contentStreamProvider(() -> new java.io.ByteArrayInputStream(bytes))
			.build();
		SdkHttpFullRequest signed = Aws4Signer.create()
			.sign(unsigned, Aws4SignerParams.builder()
				.awsCredentials(AwsBasicCredentials.create(ACCESS_KEY_ID, TestSignedRequests.SECRET_ACCESS_KEY))
				.signingName("apigateway")
				.signingRegion(Region.US_EAST_1)
				.signingClockOverride(Clock.fixed(SIGNED_AT, ZoneOffset.UTC))
				.build());
		return TestSignedRequests.received(signed, bytes);
	}

}
