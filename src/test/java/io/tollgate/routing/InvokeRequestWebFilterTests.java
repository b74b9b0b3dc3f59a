package io.tollgate.routing;

import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Method;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.RawHttp;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.web.reactive.server.WebTestClient;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.httpProxy;
import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on routing through a running gateway, over a raw socket so that nothing normalises the request on the
 * way: path tricks toward a protected resource next to an open {@code {proxy+}}, verbs API Gateway does not route,
 * missing or repeated {@code Host}, pipelined requests. A protected {@code /admin} (AWS_IAM, proxied to the
 * backend's {@code /admin}) sits beside an open {@code /{proxy+}} proxied to the backend; the backend counts what
 * reaches it.
 */
class InvokeRequestWebFilterTests extends BaseGatewayTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final String BASE = "/restapis/guarded/prod/_user_request_";

	@BeforeEach
	void serveGuardedApi() {
		if (this.apiRoutes.servedVersion("guarded") >= 0) {
			return;
		}
		Method admin = new Method("ANY", AuthorizationType.AWS_IAM, null, false, null, null, null, null, null, null,
				httpProxy("ANY", backend.url() + "/admin", null, Map.of()));
		ApiDefinition api = withMethod(TestApis.api("guarded"), "/admin", admin);
		api = withMethod(api, "/{proxy+}", method("ANY", httpProxy("ANY", backend.url() + "/{proxy}", null,
				Map.of("integration.request.path.proxy", "method.request.path.proxy"))));
		serve(deploy(api, "d1", "prod", Map.of()));
	}

	RawHttp.Response send(String request) {
		return RawHttp.exchange(this.port, request);
	}

	@Nested
	class Paths {

		@Test
		void pathTricksResolveToTheProtectedResourceAndNeverReachTheBackend() {
			int before = backend.requestCount();
			for (String trick : List.of("/x/../admin", "/x/%2e%2e/admin", "/x/%2E%2E/admin", "/%61dmin", "/./admin",
					"/x//../admin", "/admin/", "//admin", "/x/./../admin", "/x/.%2e/admin", "/%2e/admin",
					"/../admin")) {
				RawHttp.Response response = send(RawHttp.get(BASE + trick));
				assertThat(response.status()).as(trick).isEqualTo(403);
				assertThat(response.header("x-amzn-ErrorType")).as(trick)
					.isEqualTo("MissingAuthenticationTokenException");
			}
			assertThat(backend.requestCount()).isEqualTo(before);
		}

		@Test
		void encodedSlashesAndBackslashesAreRefusedWithBadRequest() {
			int before = backend.requestCount();
			for (String trick : List.of("/admin%2f", "/admin%2F", "/x/..%2fadmin", "/x%2f..%2fadmin", "/x/..%5cadmin")) {
				RawHttp.Response response = send(RawHttp.get(BASE + trick));
				assertThat(response.status()).as(trick).isEqualTo(400);
				assertThat(response.header("x-amzn-ErrorType")).as(trick).isEqualTo("BadRequestException");
				assertThat(response.header("x-amzn-RequestId")).isNotBlank();
				assertThat(response.body()).as(trick).startsWith("{\"message\":\"Invalid request path: ");
			}
			// A raw backslash or a malformed escape is no URI: the server refuses it before the gateway sees it.
			assertThat(send(RawHttp.get(BASE + "/x\\..\\admin")).status()).isEqualTo(400);
			assertThat(send(RawHttp.get(BASE + "/x/%zz/../admin")).status()).isEqualTo(400);
			assertThat(backend.requestCount()).isEqualTo(before);
		}

		@Test
		void backendReceivesTheNormalisedPathThatWasRouted() {
			RawHttp.Response response = send(RawHttp.get(BASE + "/pets/./a/../%62/c%3fd?q=1"));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).contains("\"path\":\"/pets/b/c%3Fd\"").contains("\"q\":[\"1\"]");
		}

	}

	@Nested
	class Verbs {

		@Test
		void anyRoutesOnlyApiGatewaysVerbs() {
			int before = backend.requestCount();
			for (String verb : List.of("TRACE", "CONNECT", "FOO", "PROPFIND")) {
				RawHttp.Response response = send(verb + " " + BASE + "/pets HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
				assertThat(response.status()).as(verb).isEqualTo(403);
				assertThat(response.header("x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
			}
			assertThat(backend.requestCount()).isEqualTo(before);
			for (String verb : List.of("GET", "DELETE", "OPTIONS", "PATCH")) {
				RawHttp.Response response = send(verb + " " + BASE + "/pets HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
				assertThat(response.body()).as(verb).contains("\"method\":\"" + verb + "\"");
			}
		}

	}

	@Nested
	class Hosts {

		@Test
		void http11WithoutHostOrWithTwoHostsIsBadRequest() {
			int before = backend.requestCount();
			for (String request : List.of("GET " + BASE + "/pets HTTP/1.1\r\n\r\n",
					"GET " + BASE + "/pets HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: guarded.execute-api.local\r\n\r\n")) {
				RawHttp.Response response = send(request);
				assertThat(response.status()).isEqualTo(400);
				assertThat(response.header("x-amzn-ErrorType")).isEqualTo("BadRequestException");
				assertThat(response.body()).startsWith("{\"message\":\"Invalid request: ");
			}
			assertThat(backend.requestCount()).isEqualTo(before);
			assertThat(send("GET " + BASE + "/pets HTTP/1.0\r\n\r\n").status()).isEqualTo(200);
			assertThat(send(RawHttp.get(BASE + "/pets")).status()).isEqualTo(200);
		}

	}

	@Nested
	class Pipelining {

		@Test
		void pipelinedRequestsToHttpProxyAreAllAnsweredInOrder() {
			// The first answer is slow, so the others wait in the connection while it is in flight.
			StringBuilder requests = new StringBuilder(RawHttp.get(BASE + "/pets/1?delayMs=200"));
			for (int i = 2; i <= 4; i++) {
				requests.append("POST " + BASE + "/pets/" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
						+ "Content-Type: application/json\r\nContent-Length: 8\r\n\r\n{\"n\": " + i + "}");
			}
			List<RawHttp.Response> responses = RawHttp.exchange(port, requests.toString(), 4);
			assertThat(responses).hasSize(4);
			assertThat(responses.get(0).body()).contains("\"path\":\"/pets/1\"");
			for (int i = 2; i <= 4; i++) {
				assertThat(responses.get(i - 1).status()).isEqualTo(200);
				assertThat(responses.get(i - 1).body()).contains("\"path\":\"/pets/" + i + "\"")
					.contains("{\\\"n\\\": " + i + "}");
			}
		}

	}

	@Nested
	class RouteListing {

		@Test
		void actuatorRoutesShowIntegrationUrisWithoutTheirSecrets() {
			ApiDefinition api = withMethod(TestApis.api("secretive"), "/proxied", method("GET",
					httpProxy("GET", "http://svc:pa55w0rd@127.0.0.1:9/x?apikey=s3cr3t&mode=fast", null, Map.of())));
			api = withMethod(api, "/open", method("GET", TestApis.mock("{\"open\": true}")));
			serve(deploy(api, "d1", "prod", Map.of()));
			String routes = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + managementPort)
				.build()
				.get()
				.uri("/actuator/gateway/routes")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(routes).contains("http://***@127.0.0.1:9/x?apikey=***&mode=***")
				.doesNotContain("s3cr3t", "pa55w0rd", "fast");
			assertThat(send(RawHttp.get("/restapis/secretive/prod/_user_request_/open")).body())
				.isEqualTo("{\"open\": true}");
		}

	}

}
