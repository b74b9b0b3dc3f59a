package io.tollgate.cors;

import java.util.List;

import io.tollgate.model.v2.Api;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.AuthorizationType;
import io.tollgate.model.v2.Authorizer;
import io.tollgate.model.v2.Cors;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.Stage;
import io.tollgate.test.BaseHttpApiTests;
import io.tollgate.test.TestBackend;
import io.tollgate.test.TestHttpApis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.HttpHeaders;

/**
 * HTTP APIs' CORS through the running gateway: preflights answered by the gateway before {@code $default} and
 * authorizers, and the integration's CORS headers replaced on actual requests.
 */
class HttpApiCorsTests extends BaseHttpApiTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final String API = "httpcors01";

	@BeforeEach
	void serveApi() {
		ApiV2Definition api = TestHttpApis.api(API);
		Api withCors = new Api(API, "cors", api.api().protocolType(), null, null,
				new Cors(false, List.of("content-type", "authorization"), List.of("GET", "POST"),
						List.of("https://app.example.com"), List.of("x-total"), 600),
				false, null, null, null, null, null, null, null, null);
		api = api.withApi(withCors)
			.withIntegration(TestHttpApis.httpProxy("backend", backend.url() + "/cors"))
			.withAuthorizer(Authorizer.jwt("jwt1", "oidc", "$request.header.Authorization",
					issuer.issuer(), List.of("aud")));
		api = api.withRoute(new Route("r1", "$default", "integrations/backend", AuthorizationType.JWT, "jwt1", null,
				false, null, null, null, null, null, false));
		api = TestHttpApis.withRoute(api, "r2", "GET /open", "backend");
		lambda.register("cors-fn", (event) -> java.util.Map.of("statusCode", 200, "headers", java.util.Map.of(
				"Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "DELETE", "x-fn", "1")));
		api = api.withIntegration(TestHttpApis.lambda("fn", "cors-fn", "2.0", null));
		api = TestHttpApis.withRoute(api, "r3", "GET /fn", "fn");
		serveHttp(TestHttpApis.autoDeployed(api, Stage.DEFAULT));
	}

	@Test
	void preflightIsAnsweredBeforeDefaultAndItsAuthorizer() {
		this.client.options()
			.uri("/anything")
			.header("Host", API + ".execute-api.localhost")
			.header(HttpHeaders.ORIGIN, "https://app.example.com")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals("access-control-allow-origin", "https://app.example.com")
			.expectHeader()
			.valueEquals("access-control-allow-methods", "GET,POST")
			.expectHeader()
			.valueEquals("access-control-allow-headers", "content-type,authorization")
			.expectHeader()
			.valueEquals("access-control-max-age", "600")
			.expectHeader()
			.exists("apigw-requestid")
			.expectBody()
			.isEmpty();
	}

	@Test
	void optionsWithoutRequestMethodIsNotAPreflight() {
		this.client.options()
			.uri("/anything")
			.header("Host", API + ".execute-api.localhost")
			.header(HttpHeaders.ORIGIN, "https://app.example.com")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void preflightOfAnotherOriginGetsNoCorsHeaders() {
		this.client.options()
			.uri("/open")
			.header("Host", API + ".execute-api.localhost")
			.header(HttpHeaders.ORIGIN, "https://evil.example.com")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.doesNotExist("access-control-allow-origin");
	}

	@Test
	void actualRequestsGetTheConfiguredHeadersOnly() {
		get(API, "/open").header(HttpHeaders.ORIGIN, "https://app.example.com")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("access-control-allow-origin", "https://app.example.com")
			.expectHeader()
			.valueEquals("access-control-expose-headers", "x-total");
	}

	@Test
	void theIntegrationsCorsHeadersAreReplaced() {
		get(API, "/fn").header(HttpHeaders.ORIGIN, "https://app.example.com")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("access-control-allow-origin", "https://app.example.com")
			.expectHeader()
			.doesNotExist("access-control-allow-methods")
			.expectHeader()
			.valueEquals("x-fn", "1");
		get(API, "/fn").exchange().expectStatus().isOk().expectHeader().doesNotExist("access-control-allow-origin");
	}

	@Test
	void refusalsCarryTheCorsHeadersToo() {
		get(API, "/private").header(HttpHeaders.ORIGIN, "https://app.example.com")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("access-control-allow-origin", "https://app.example.com");
	}

}
