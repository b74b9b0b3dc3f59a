package io.tollgate.auth.sigv4;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.tollgate.auth.AuthorizationTestSupport;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.RestApi;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code AWS_IAM} methods through the running gateway, called with requests signed by the AWS SDK's own signer
 * ({@link TestSignedRequests}, service {@code execute-api}): identities and their policies, the API's resource
 * policy, temporary credentials, and AWS's refusals.
 */
class IamAuthorizerTests extends AuthorizationTestSupport {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final String ECHO = "{\"caller\": \"$context.identity.userArn\", "
			+ "\"key\": \"$context.identity.accessKey\", \"authorization\": \"$input.params('Authorization')\"}";

	private static final String MISMATCH = "The request signature we calculated does not match the signature you "
			+ "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for "
			+ "details.";

	@BeforeEach
	void serveApis() {
		ApiDefinition api = TestApis.api("iamapi");
		api = withMethod(api, "/pets", authorized("GET", AuthorizationType.AWS_IAM, null, List.of(), mock(ECHO)));
		api = withMethod(api, "/pets", authorized("POST", AuthorizationType.AWS_IAM, null, List.of(),
				mock("{\"body\": \"$util.escapeJavaScript($input.body)\"}")));
		api = withMethod(api, "/secret", authorized("GET", AuthorizationType.AWS_IAM, null, List.of(), mock(ECHO)));
		api = withMethod(api, "/proxied", authorized("POST", AuthorizationType.AWS_IAM, null, List.of(),
				TestApis.httpProxy("POST", backend.url() + "/pets", null, Map.of())));
		serve(deploy(api, "d1", "prod", Map.of()));
		String policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
				+ "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ALICE_ARN + "\"},\"Action\":\"execute-api:Invoke\","
				+ "\"Resource\":\"execute-api:/*/POST/*\"},"
				+ "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\","
				+ "\"Resource\":\"execute-api:/*/GET/blocked\"}]}";
		ApiDefinition walled = TestApis.api("iamwalled");
		walled = walled.withRestApi(new RestApi("iamwalled", "walled", null, null, null, null, null, policy, null));
		walled = withMethod(walled, "/pets", authorized("GET", AuthorizationType.AWS_IAM, null, List.of(), mock(ECHO)));
		walled = withMethod(walled, "/pets", authorized("POST", AuthorizationType.AWS_IAM, null, List.of(), mock(ECHO)));
		walled = withMethod(walled, "/blocked", authorized("GET", AuthorizationType.AWS_IAM, null, List.of(), mock(ECHO)));
		serve(deploy(walled, "d1", "prod", Map.of()));
	}

	private String url(String api, String path) {
		return "http://127.0.0.1:" + this.port + "/restapis/" + api + "/prod/_user_request_" + path;
	}

	/** Signs with the SDK (service execute-api, now) as {@code key}/{@code secret}, then sends it to the gateway. */
	private WebTestClient.ResponseSpec signed(String method, String api, String path, String key, String secret,
			UnaryOperator<TestSignedRequests.Signing> customize) {
		TestSignedRequests.Signing signing = TestSignedRequests.request(method, url(api, path))
			.credentials(key, secret)
			.scope("execute-api", "us-east-1")
			.signedAt(Instant.now());
		SigV4Request request = customize.apply(signing).sign();
		return send(request);
	}

	private WebTestClient.ResponseSpec send(SigV4Request request) {
		String query = (request.rawQuery() != null) ? "?" + request.rawQuery() : "";
		return this.client.method(HttpMethod.valueOf(request.method()))
			.uri(URI.create("http://127.0.0.1:" + this.port + request.rawPath() + query))
			.headers((headers) -> request.headers().forEach((name, values) -> {
				if (!name.equalsIgnoreCase(HttpHeaders.HOST)) {
					headers.put(name, values);
				}
			}))
			.bodyValue(request.body())
			.exchange();
	}

	private WebTestClient.ResponseSpec asAlice(String method, String api, String path) {
		return signed(method, api, path, ALICE_KEY, ALICE_SECRET, UnaryOperator.identity());
	}

	private static void refused(WebTestClient.ResponseSpec response, String errorType, String message) {
		response.expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", errorType)
			.expectBody()
			.json("{\"message\": \"" + message + "\"}", true);
	}

	@Nested
	class Signatures {

		@Test
		void signedRequestIsAllowedAndTheIdentityReachesTheIntegrationWithoutTheSignature() {
			asAlice("GET", "iamapi", "/pets").expectStatus()
				.isOk()
				.expectBody()
				.json("{\"caller\": \"" + ALICE_ARN + "\", \"key\": \"" + ALICE_KEY + "\", \"authorization\": \"\"}");
		}

		@Test
		void presignedUrlIsAllowed() {
			signed("GET", "iamapi", "/pets", ALICE_KEY, ALICE_SECRET, (s) -> s.presigned(Duration.ofMinutes(5)))
				.expectStatus()
				.isOk();
		}

		@Test
		void bodyIsVerifiedAgainstItsSignedHashAndStillReachesTheIntegration() {
			signed("POST", "iamapi", "/pets", ACCESS_KEY_ID, SECRET_ACCESS_KEY, (s) -> s.body("{\"name\":\"rex\"}"))
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"body\": \"{\\\"name\\\":\\\"rex\\\"}\"}");
		}

		@Test
		void httpBackendGetsTheBodyAndSignedHeadersButNotTheSignature() {
			String echo = signed("POST", "iamapi", "/proxied", ACCESS_KEY_ID, SECRET_ACCESS_KEY,
					(s) -> s.body("{\"name\":\"rex\"}"))
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			JsonNode request = JsonMapper.builder().build().readTree(echo);
			assertThat(request.get("body").asString()).isEqualTo("{\"name\":\"rex\"}");
			JsonNode headers = request.get("headers");
			assertThat(headers.has("authorization")).isFalse();
			assertThat(headers.get("x-amz-date").asString()).matches("\\d{8}T\\d{6}Z");
			assertThat(headers.get("x-amzn-apigateway-api-id").asString()).isEqualTo("iamapi");
		}

		@Test
		void unsignedPayloadOverPlainHttpIsInvalidSignature() {
			refused(signed("POST", "iamapi", "/pets", ACCESS_KEY_ID, SECRET_ACCESS_KEY,
					(s) -> s.body("x").unsignedPayload()), "InvalidSignatureException",
					SigV4Verifier.UNSIGNED_PAYLOAD_OVER_HTTP);
			signed("POST", "iamapi", "/pets", ACCESS_KEY_ID, SECRET_ACCESS_KEY, (s) -> s.body("x"))
				.expectStatus()
				.isOk();
		}

		@Test
		void tamperedBodyIsInvalidSignature() {
			SigV4Request request = TestSignedRequests.request("POST", url("iamapi", "/pets"))
				.credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
				.scope("execute-api", "us-east-1")
				.signedAt(Instant.now())
				.body("{\"amount\":1}")
				.sign();
			refused(send(TestSignedRequests.withBody(request, "{\"amount\":1000}")), "InvalidSignatureException", MISMATCH);
		}

		@Test
		void unsignedRequestIsMissingAuthenticationToken() {
			refused(client.get().uri(url("iamapi", "/pets")).exchange(), "MissingAuthenticationTokenException",
					"Missing Authentication Token");
		}

		@Test
		void unknownAccessKeyIsRefused() {
			refused(signed("GET", "iamapi", "/pets", "AKIDUNKNOWN000000000", "whatever", UnaryOperator.identity()),
					"UnrecognizedClientException", "The security token included in the request is invalid.");
		}

		@Test
		void wrongSecretIsSignatureMismatch() {
			refused(signed("GET", "iamapi", "/pets", ALICE_KEY, "not-alices-secret", UnaryOperator.identity()),
					"InvalidSignatureException", MISMATCH);
		}

		@Test
		void malformedAuthorizationHeaderIsIncompleteSignature() {
			refused(client.get()
				.uri(url("iamapi", "/pets"))
				.header("Authorization", "AWS4-HMAC-SHA256 Credential=" + ALICE_KEY + "/20260101/us-east-1/execute-api/aws4_request")
				.header("X-Amz-Date", "20260101T000000Z")
				.exchange(), "IncompleteSignatureException",
					"Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.");
		}

		@Test
		void signatureOlderThanFiveMinutesIsExpired() {
			signed("GET", "iamapi", "/pets", ALICE_KEY, ALICE_SECRET,
					(s) -> s.signedAt(Instant.now().minus(Duration.ofMinutes(6))))
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "InvalidSignatureException")
				.expectBody()
				.jsonPath("$.message")
				.value((String message) -> org.assertj.core.api.Assertions.assertThat(message)
					.matches("Signature expired: \\d{8}T\\d{6}Z is now earlier than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 5 min\\.\\)"));
		}

		@Test
		void signatureFromTheFutureIsNotYetCurrent() {
			signed("GET", "iamapi", "/pets", ALICE_KEY, ALICE_SECRET,
					(s) -> s.signedAt(Instant.now().plus(Duration.ofMinutes(6))))
				.expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.message")
				.value((String message) -> org.assertj.core.api.Assertions.assertThat(message)
					.startsWith("Signature not yet current: "));
		}

		@Test
		void signatureForAnotherServiceIsInvalid() {
			refused(signed("GET", "iamapi", "/pets", ALICE_KEY, ALICE_SECRET, (s) -> s.scope("apigateway", "us-east-1")),
					"InvalidSignatureException", "Credential should be scoped to correct service: 'execute-api'. ");
		}

	}

	@Nested
	class TemporaryCredentials {

		@Test
		void sessionTokenOfTheIdentityIsAccepted() {
			signed("GET", "iamapi", "/pets", TEMP_KEY, TEMP_SECRET, (s) -> s.sessionToken(TEMP_TOKEN)).expectStatus()
				.isOk();
		}

		@Test
		void missingOrWrongSessionTokenIsRefused() {
			refused(signed("GET", "iamapi", "/pets", TEMP_KEY, TEMP_SECRET, UnaryOperator.identity()),
					"UnrecognizedClientException", "The security token included in the request is invalid.");
			refused(signed("GET", "iamapi", "/pets", TEMP_KEY, TEMP_SECRET, (s) -> s.sessionToken("forged")),
					"UnrecognizedClientException", "The security token included in the request is invalid.");
		}

		@Test
		void expiredSessionIsExpiredToken() {
			refused(signed("GET", "iamapi", "/pets", EXPIRED_KEY, EXPIRED_SECRET, (s) -> s.sessionToken(EXPIRED_TOKEN)),
					"ExpiredTokenException", "The security token included in the request is expired");
		}

	}

	@Nested
	class Policies {

		private static String denied(String user, String api, String verbAndPath, boolean explicit) {
			return "{\"Message\": \"User: " + user + " is not authorized to perform: execute-api:Invoke on resource: "
					+ "arn:aws:execute-api:us-east-1:********0000:" + api + "/prod/" + verbAndPath
					+ (explicit ? " with an explicit deny" : "") + "\"}";
		}

		@Test
		void methodTheIdentityPolicyDoesNotAllowIsAccessDenied() {
			signed("POST", "iamapi", "/pets", ALICE_KEY, ALICE_SECRET, (s) -> s.body("{}")).expectStatus()
				.isForbidden()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "AccessDeniedException")
				.expectBody()
				.json(denied(ALICE_ARN, "iamapi", "POST/pets", false), true);
		}

		@Test
		void explicitDenyInTheIdentityPolicyWins() {
			asAlice("GET", "iamapi", "/secret").expectStatus()
				.isForbidden()
				.expectBody()
				.json(denied(ALICE_ARN, "iamapi", "GET/secret", true), true);
		}

		@Test
		void adminCredentialsMayInvokeEverything() {
			signed("GET", "iamapi", "/secret", ACCESS_KEY_ID, SECRET_ACCESS_KEY, UnaryOperator.identity()).expectStatus()
				.isOk();
		}

		@Test
		void resourcePolicyAllowsACallerOfTheAccountItsOwnPolicyDoesNot() {
			signed("POST", "iamwalled", "/pets", ALICE_KEY, ALICE_SECRET, (s) -> s.body("{}")).expectStatus().isOk();
		}

		@Test
		void resourcePolicyExplicitDenyWinsOverAnAllowAll() {
			signed("GET", "iamwalled", "/blocked", ACCESS_KEY_ID, SECRET_ACCESS_KEY, UnaryOperator.identity())
				.expectStatus()
				.isForbidden()
				.expectBody()
				.json(denied("arn:aws:iam::000000000000:root", "iamwalled", "GET/blocked", true), true);
		}

		@Test
		void callerOfAnotherAccountNeedsTheResourcePolicyToo() {
			signed("GET", "iamapi", "/pets", BOB_KEY, BOB_SECRET, UnaryOperator.identity()).expectStatus().isOk();
			signed("GET", "iamwalled", "/pets", BOB_KEY, BOB_SECRET, UnaryOperator.identity()).expectStatus()
				.isForbidden()
				.expectBody()
				.json(denied(BOB_ARN, "iamwalled", "GET/pets", false), true);
		}

	}

}
