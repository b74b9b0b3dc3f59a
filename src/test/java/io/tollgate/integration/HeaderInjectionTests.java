package io.tollgate.integration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.GatewayResponse;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationResponse;
import io.tollgate.model.IntegrationType;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.RawHttp;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestBackend;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request and response splitting attacks through a running gateway, sent over a raw socket: a client value with
 * CR, LF or NUL never reaches a header or request line. Requests toward a backend are refused with 400 before
 * anything is sent (the backend counts what it receives); method responses whose headers would carry such a value
 * are 502 (Lambda proxy results: {@code IntegrationGatewayTests}); a gateway response drops such a header.
 */
class HeaderInjectionTests extends BaseGatewayTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	/** A second request smuggled behind the first, as in issue 13. */
	private static final String SMUGGLED = "acme%0d%0aX-Injected:%20yes%0d%0a%0d%0aGET%20/admin%20HTTP/1.1%0d%0aHost:%20x";

	static Integration http(String uri, Map<String, String> requestParameters) {
		return new Integration(IntegrationType.HTTP, "GET", uri, null, null, requestParameters, null, null, null,
				null, null, null, Map.of("200", new IntegrationResponse("200", null, null, null, null)));
	}

	static ApiDefinition api(String id, String path, Integration integration) {
		return deploy(withMethod(TestApis.api(id), path, method("GET", integration)), "d1", "prod",
				Map.of("backend", backend.url()));
	}

	RawHttp.Response get(String apiId, String pathAndQuery) {
		return RawHttp.exchange(this.port, RawHttp.get("/restapis/" + apiId + "/prod/_user_request_" + pathAndQuery));
	}

	void assertRefusedBeforeBackend(String apiId, String pathAndQuery) {
		int before = backend.requestCount();
		RawHttp.Response response = get(apiId, pathAndQuery);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("x-amzn-ErrorType")).isEqualTo("BadRequestException");
		assertThat(response.body()).startsWith("{\"message\":\"Invalid request input");
		assertThat(backend.requestCount()).isEqualTo(before);
	}

	@Nested
	class TowardTheBackend {

		@Test
		void querystringMappedToHeaderWithCrLfIsRefusedAndNothingReachesBackend() {
			serve(api("crlfquery", "/orders", http("${stageVariables.backend}/orders",
					Map.of("integration.request.header.X-Customer", "method.request.querystring.customer"))));
			assertRefusedBeforeBackend("crlfquery", "/orders?customer=" + SMUGGLED);
			assertRefusedBeforeBackend("crlfquery", "/orders?customer=acme%0aX-Injected:%20yes");
			assertRefusedBeforeBackend("crlfquery", "/orders?customer=acme%00");
			int before = backend.requestCount();
			RawHttp.Response served = get("crlfquery", "/orders?customer=acme");
			assertThat(served.status()).isEqualTo(200);
			assertThat(served.body()).contains("\"x-customer\":\"acme\"").doesNotContain("x-injected");
			assertThat(backend.requestCount()).isEqualTo(before + 1);
		}

		@Test
		void pathParameterMappedToHeaderWithCrLfStaysPercentEncoded() {
			// As on AWS, path parameters keep their percent-encoding (hex normalised to upper case), so an encoded CR/LF
			// reaches the header as text.
			serve(api("crlfpath", "/orders/{id}", http("${stageVariables.backend}/orders",
					Map.of("integration.request.header.X-Order", "method.request.path.id"))));
			for (String smuggled : new String[] { "acme%0d%0aX-Injected:%20yes", "acme%0d%0a%0d%0aGET%20admin%20HTTP" }) {
				int before = backend.requestCount();
				RawHttp.Response response = get("crlfpath", "/orders/" + smuggled);
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.body()).contains("\"x-order\":\"" + smuggled.replace("%0d", "%0D").replace("%0a", "%0A") + "\"")
					.doesNotContain("x-injected")
					.doesNotContain("\"GET admin");
				assertThat(backend.requestCount()).isEqualTo(before + 1);
			}
			assertThat(get("crlfpath", "/orders/42").body()).contains("\"x-order\":\"42\"");
		}

		@Test
		void decodedValueSubstitutedIntoTheBackendUrlWithCrLfIsRefused() {
			serve(api("crlfurl", "/orders", http("${stageVariables.backend}/orders/{id}",
					Map.of("integration.request.path.id", "method.request.querystring.id"))));
			assertRefusedBeforeBackend("crlfurl", "/orders?id=1%20HTTP/1.1%0d%0aHost:%20x%0d%0a%0d%0aGET%20/admin");
			assertThat(get("crlfurl", "/orders?id=42").body()).contains("\"path\":\"/orders/42\"");
		}

		@Test
		void httpProxyRequestWithRawControlCharactersNeverReachesBackend() {
			serve(deploy(withMethod(TestApis.api("crlfproxy"), "/{proxy+}", method("ANY",
					TestApis.httpProxy("ANY", backend.url() + "/{proxy}", null,
							Map.of("integration.request.path.proxy", "method.request.path.proxy")))),
					"d1", "prod", Map.of()));
			String target = "/restapis/crlfproxy/prod/_user_request_/orders";
			int before = backend.requestCount();
			for (String request : List.of("GET " + target + "?customer=acme\u0000x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
					"GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Customer: acme\u0000x\r\n\r\n",
					"GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Customer: acme\rX-Injected: yes\r\n\r\n")) {
				assertThat(RawHttp.exchange(port, request).status()).as(request).isEqualTo(400);
			}
			assertThat(backend.requestCount()).isEqualTo(before);
			RawHttp.Response served = RawHttp.exchange(port, RawHttp.get(target + "?customer=acme%0d%0a"));
			assertThat(served.status()).isEqualTo(200);
			assertThat(served.body()).contains("\"customer\":[\"acme\\r\\n\"]");
		}

		@Test
		void mappedQueryStringValuesTravelEncoded() {
			serve(api("crlfmappedquery", "/orders", http("${stageVariables.backend}/orders",
					Map.of("integration.request.querystring.customer", "method.request.querystring.customer"))));
			RawHttp.Response response = get("crlfmappedquery", "/orders?customer=" + SMUGGLED);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).contains("\"customer\":[\"acme\\r\\nX-Injected: yes").doesNotContain("x-injected");
		}

	}

	@Nested
	class TowardTheClient {

		@Test
		void responseParameterFromTheClientWithCrLfIsBadGateway() {
			Integration mock = new Integration(IntegrationType.MOCK, null, null, null, null, null,
					Map.of("application/json", "{\"statusCode\": 200}"), null, null, null, null, null,
					Map.of("200", new IntegrationResponse("200", null,
							Map.of("method.response.header.X-Echo", "method.request.querystring.q"),
							Map.of("application/json", "{}"), null)));
			serve(api("splitresponse", "/", mock));
			RawHttp.Response split = get("splitresponse", "/?q=a%0d%0aSet-Cookie:%20session=stolen");
			assertThat(split.status()).isEqualTo(502);
			assertThat(split.headers()).doesNotContainKey("set-cookie");
			assertThat(get("splitresponse", "/?q=fine").header("X-Echo")).isEqualTo("fine");
		}

		@Test
		void responseOverrideHeaderWithCrLfIsBadGateway() {
			serve(api("splitoverride", "/", TestApis.mock(
					"#set($context.responseOverride.header.Location = $input.params('q')){}")));
			RawHttp.Response split = get("splitoverride", "/?q=a%0d%0aSet-Cookie:%20session=stolen");
			assertThat(split.status()).isEqualTo(502);
			assertThat(split.headers()).doesNotContainKey("set-cookie");
		}

		@Test
		void gatewayResponseHeaderFromTheClientWithCrLfIsLeftOut() {
			ApiDefinition api = TestApis.api("splitgateway")
				.withComponents(new ApiComponents(null, null, null, Map.of("MISSING_AUTHENTICATION_TOKEN",
						new GatewayResponse("MISSING_AUTHENTICATION_TOKEN", "404",
								Map.of("gatewayresponse.header.X-Echo", "method.request.querystring.q"), Map.of(),
								false))));
			serve(deploy(withMethod(api, "/known", method("GET", TestApis.mock("{}"))), "d1", "prod", Map.of()));
			RawHttp.Response split = get("splitgateway", "/unknown?q=a%0d%0aSet-Cookie:%20session=stolen");
			assertThat(split.status()).isEqualTo(404);
			assertThat(split.headers()).doesNotContainKeys("set-cookie", "x-echo");
			assertThat(get("splitgateway", "/unknown?q=fine").header("X-Echo")).isEqualTo("fine");
		}

	}


}
