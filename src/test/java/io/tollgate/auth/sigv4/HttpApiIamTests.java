package io.tollgate.auth.sigv4;

import java.net.URI;
import java.time.Instant;

import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.AuthorizationType;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.Stage;
import io.tollgate.test.BaseHttpApiTests;
import io.tollgate.test.TestHttpApis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP APIs' {@code AWS_IAM} routes through the running gateway, with requests signed by the AWS SDK's signer: the
 * verifier and identities of REST APIs, 403 {@code Forbidden} for every refusal, and no way in for another account.
 */
class HttpApiIamTests extends BaseHttpApiTests {

	private static final String API = "httpiam001";

	@BeforeEach
	void serveApi() {
		lambda.register("iam-echo", (event) -> java.util.Map.of("statusCode", 200, "body",
				event.at("/requestContext/authorizer").toString()));
		ApiV2Definition api = TestHttpApis.api(API).withIntegration(TestHttpApis.lambda("fn", "iam-echo", "2.0", null));
		api = api.withRoute(new Route("r1", "ANY /pets", "integrations/fn", AuthorizationType.AWS_IAM, null, null,
				false, null, null, null, null, null, false));
		serveHttp(TestHttpApis.autoDeployed(api, Stage.DEFAULT));
	}

	private WebTestClient.ResponseSpec signed(String method, String key, String secret) {
		String host = API + ".execute-api.localhost:" + this.port;
		SigV4Request request = TestSignedRequests.request(method, "http://" + host + "/pets")
			.credentials(key, secret)
			.scope("execute-api", "us-east-1")
			.signedAt(Instant.now())
			.sign();
		return this.client.method(HttpMethod.valueOf(method))
			.uri(URI.create("http://127.0.0.1:" + this.port + "/pets"))
			.headers((headers) -> request.headers().forEach((name, values) -> headers.put(name, values)))
			.exchange();
	}

	@Test
	void signedCallerAllowedByItsPolicyReachesTheIntegrationAsIam() {
		String body = new String(signed("GET", OWN_KEY, OWN_SECRET).expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
		JsonNode iam = tools.jackson.databind.json.JsonMapper.builder().build().readTree(body).get("iam");
		assertThat(iam.get("accessKey").asString()).isEqualTo(OWN_KEY);
		assertThat(iam.get("userArn").asString()).isEqualTo(OWN_ARN);
		assertThat(iam.get("accountId").asString()).isEqualTo("000000000000");
	}

	@Test
	void unsignedRequestIsForbidden() {
		get(API, "/pets").exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist("x-amzn-ErrorType")
			.expectBody()
			.json("{\"message\":\"Forbidden\"}", true);
	}

	@Test
	void callerNotAllowedByItsPolicyIsForbidden() {
		signed("POST", OWN_KEY, OWN_SECRET).expectStatus()
			.isForbidden()
			.expectBody()
			.json("{\"message\":\"Forbidden\"}", true);
	}

	@Test
	void callerOfAnotherAccountIsForbiddenWhateverItsPolicy() {
		signed("GET", OTHER_KEY, OTHER_SECRET).expectStatus().isForbidden();
	}

	@Test
	void badSignatureIsForbidden() {
		signed("GET", OWN_KEY, "not-the-secret-0123456789abcdefghijklmn").expectStatus().isForbidden();
	}

}
