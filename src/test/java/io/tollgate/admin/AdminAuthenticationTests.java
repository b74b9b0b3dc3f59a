package io.tollgate.admin;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tollgate.auth.sigv4.SigV4Request;
import io.tollgate.auth.sigv4.SigV4Verifier;
import io.tollgate.auth.sigv4.TestSignedRequests;
import io.tollgate.pipeline.RequestBodies;
import io.tollgate.test.BaseAdminTests;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.CreateRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.RestApi;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminAuthenticationTests extends BaseAdminTests {

	private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the "
			+ "signature you provided. Check your AWS Secret Access Key and signing method. Consult the service "
			+ "documentation for details.";

	@Test
	void callsSignedWithTheAdminCredentialsSucceed() {
		CreateRestApiResponse created = this.apiGateway.createRestApi((r) -> r.name("Signed").description("body"));
		assertThat(created.name()).isEqualTo("Signed");
		assertThat(created.description()).isEqualTo("body");
		assertThat(this.apiGateway.getRestApis((r) -> r.limit(500)).items()).extracting(RestApi::id)
			.contains(created.id());
		assertThat(this.apiGateway.getRestApi((r) -> r.restApiId(created.id())).name()).isEqualTo("Signed");
	}

	@Test
	void wrongSecretIsInvalidSignatureException() {
		try (ApiGatewayClient wrongSecret = client(this.adminServer, ACCESS_KEY_ID, "not-the-secret")) {
			assertThatThrownBy(() -> wrongSecret.getRestApis((r) -> { }))
				.isInstanceOfSatisfying(ApiGatewayException.class, (ex) -> {
					assertThat(ex.statusCode()).isEqualTo(403);
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
					assertThat(ex.awsErrorDetails().errorMessage()).isEqualTo(SIGNATURE_MISMATCH);
				});
		}
	}

	@Test
	void unknownAccessKeyIsUnrecognizedClientException() {
		try (ApiGatewayClient stranger = client(this.adminServer, "AKIDSOMEONEELSE", SECRET_ACCESS_KEY)) {
			assertThatThrownBy(() -> stranger.createRestApi((r) -> r.name("x")))
				.isInstanceOfSatisfying(ApiGatewayException.class, (ex) -> {
					assertThat(ex.statusCode()).isEqualTo(403);
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
				});
		}
	}

	@Test
	void unsignedCallIsMissingAuthenticationToken() {
		adminClient(this.adminServer).get()
			.uri("/restapis")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", "MissingAuthenticationTokenException")
			.expectBody()
			.json("{\"message\":\"Missing Authentication Token\"}", true);
	}

	@Test
	void signedBodyReachesTheHandlerAndATamperedOneIsRefused() {
		String body = "{\"name\":\"Raw\"}";
		SigV4Request signed = TestSignedRequests
			.request("POST", "http://127.0.0.1:" + this.adminServer.port() + "/restapis")
			.header("Content-Type", "application/json")
			.body(body)
			.credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
			.signedAt(Instant.now())
			.sign();
		send(signed, body).expectStatus().isCreated().expectBody().jsonPath("$.name").isEqualTo("Raw");
		send(signed, "{\"name\":\"Raz\"}").expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", "InvalidSignatureException")
			.expectBody()
			.jsonPath("$.message")
			.isEqualTo(SIGNATURE_MISMATCH);
	}

	@Test
	void unsignedPayloadOverPlainHttpIsRefusedAndNothingChanges() {
		String body = "{\"name\":\"UnsignedBody\"}";
		SigV4Request signed = TestSignedRequests
			.request("POST", "http://127.0.0.1:" + this.adminServer.port() + "/restapis")
			.header("Content-Type", "application/json")
			.body(body)
			.unsignedPayload()
			.credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
			.signedAt(Instant.now())
			.sign();
		send(signed, body).expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", "InvalidSignatureException")
			.expectBody()
			.jsonPath("$.message")
			.isEqualTo(SigV4Verifier.UNSIGNED_PAYLOAD_OVER_HTTP);
		assertThat(this.apiGateway.getRestApis((r) -> r.limit(500)).items()).extracting(RestApi::name)
			.doesNotContain("UnsignedBody");
	}

	@Test
	void bodyOverTenMegabytesIsRequestTooLarge() {
		adminClient(this.adminServer).post()
			.uri("/restapis")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new byte[RequestBodies.MAX_BODY_BYTES + 1])
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", "RequestTooLargeException");
	}

	private WebTestClient.ResponseSpec send(SigV4Request signed, String body) {
		return adminClient(this.adminServer).post()
			.uri(signed.rawPath())
			.headers((headers) -> signed.headers()
				.forEach((name, values) -> {
					if (!name.equalsIgnoreCase("Host")) {
						headers.addAll(name, values);
					}
				}))
			.bodyValue(body)
			.exchange();
	}

	private static WebTestClient adminClient(AdminServer server) {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + server.port()).build();
	}

	private static ApiGatewayClient client(AdminServer server, String accessKeyId, String secretAccessKey) {
		return ApiGatewayClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
			.region(Region.US_EAST_1)
			.credentialsProvider(
					StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
			.httpClient(ApacheHttpClient.create())
			.build();
	}

	@Nested
	@TestPropertySource(properties = { "tollgate.admin.access-key-id=", "tollgate.admin.secret-access-key=" })
	class WithoutCredentials {

		@Autowired
		private AdminServer server;

		@Test
		void evenACallSignedWithTheFormerCredentialsIsRefused() {
			try (ApiGatewayClient formerAdmin = client(this.server, ACCESS_KEY_ID, SECRET_ACCESS_KEY)) {
				assertThatThrownBy(() -> formerAdmin.getRestApis((r) -> { }))
					.isInstanceOfSatisfying(ApiGatewayException.class, (ex) -> {
						assertThat(ex.statusCode()).isEqualTo(403);
						assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
					});
			}
		}

		@Test
		void unsignedCallIsMissingAuthenticationToken() {
			adminClient(this.server).get()
				.uri("/restapis")
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "MissingAuthenticationTokenException");
		}

	}

}
