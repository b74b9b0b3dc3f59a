package io.tollgate.routing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.Stage;
import io.tollgate.test.BaseHttpApiTests;
import io.tollgate.test.TestBackend;
import io.tollgate.test.TestHttpApis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP APIs through the running gateway: stages with and without a segment, route keys with AWS's precedence, the
 * {@code HTTP_PROXY} integration's target URL, parameter mappings, and HTTP APIs' own errors and envelope.
 */
class HttpApiRoutingTests extends BaseHttpApiTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final String API = "httpapi01";

	@BeforeEach
	void serveApi() {
		ApiV2Definition api = TestHttpApis.api(API)
			.withIntegration(TestHttpApis.httpProxy("literal", backend.url() + "/literal"))
			.withIntegration(TestHttpApis.httpProxy("param", backend.url() + "/param/{id}"))
			.withIntegration(TestHttpApis.httpProxy("greedy", backend.url() + "/greedy/{proxy}"))
			.withIntegration(TestHttpApis.httpProxy("anypets", backend.url() + "/any-pets"))
			.withIntegration(TestHttpApis.httpProxy("default", backend.url() + "/base"))
			.withIntegration(new io.tollgate.model.v2.Integration("quick", io.tollgate.model.IntegrationType.HTTP_PROXY,
					backend.url() + "/slow?delayMs=2000", "GET", "1.0", 200, null, null, null, null, null, null,
					null, null, null, null, null, null, null, false))
			.withIntegration(new io.tollgate.model.v2.Integration("stalling", io.tollgate.model.IntegrationType.HTTP_PROXY,
					backend.url() + "/slow?bodyDelayMs=2000", "GET", "1.0", 300, null, null, null, null, null, null,
					null, null, null, null, null, null, null, false))
			.withIntegration(TestHttpApis.httpProxy("mapped", backend.url() + "/mapped",
					Map.of("overwrite:header.x-route-id", "$request.path.id", "append:header.x-list", "added",
							"remove:header.x-secret", "", "overwrite:querystring.page", "2",
							"append:querystring.tag", "$stageVariables.tag", "remove:querystring.debug", ""),
					Map.of("404", Map.of("overwrite:statuscode", "410", "overwrite:header.x-mapped",
							"$context.requestId"))))
			.withIntegration(TestHttpApis.httpProxy("repath", backend.url() + "/ignored",
					Map.of("overwrite:path", "/v2/${request.path.id}/details"), Map.of()));
		api = TestHttpApis.withRoute(api, "r1", "GET /pets/dog/1", "literal");
		api = TestHttpApis.withRoute(api, "r2", "GET /pets/dog/{id}", "param");
		api = TestHttpApis.withRoute(api, "r3", "GET /pets/{proxy+}", "greedy");
		api = TestHttpApis.withRoute(api, "r4", "ANY /pets", "anypets");
		api = TestHttpApis.withRoute(api, "r5", "$default", "default");
		api = TestHttpApis.withRoute(api, "r7", "GET /quick", "quick");
		api = TestHttpApis.withRoute(api, "r11", "GET /stalling", "stalling");
		api = TestHttpApis.withRoute(api, "r8", "GET /mapped/{id}", "mapped");
		api = TestHttpApis.withRoute(api, "r9", "GET /nothing", null);
		api = TestHttpApis.withRoute(api, "r10", "GET /repath/{id}", "repath");
		api = TestHttpApis.autoDeployed(api, Stage.DEFAULT);
		api = api.withStage(new Stage("dev", null, null, true, Map.of("tag", "from-dev"), null, null, null, null,
				null, false, null, null, null));
		serveHttp(api);
	}

	private JsonNode echo(String path) {
		return echoOf(get(API, path));
	}

	/** What the test backend saw of a request answered 200. */
	private static JsonNode echoOf(WebTestClient.RequestHeadersSpec<?> request) {
		EntityExchangeResult<byte[]> result = request.exchange().expectStatus().isOk().expectBody().returnResult();
		return JSON.readTree(result.getResponseBody());
	}

	@Nested
	class RouteSelection {

		@Test
		void literalBeatsParameterBeatsGreedy() {
			assertThat(echo("/pets/dog/1").get("path").asString()).isEqualTo("/literal");
			assertThat(echo("/pets/dog/2").get("path").asString()).isEqualTo("/param/2");
			assertThat(echo("/pets/cat/1").get("path").asString()).isEqualTo("/greedy/cat/1");
		}

		@Test
		void anyServesEveryVerbOfItsPath() {
			JsonNode deleted = echoOf(HttpApiRoutingTests.this.client.delete()
				.uri("/pets")
				.header("Host", API + ".execute-api.localhost"));
			assertThat(deleted.get("path").asString()).isEqualTo("/any-pets");
			assertThat(deleted.get("method").asString()).isEqualTo("DELETE");
		}

		@Test
		void defaultRouteAppendsThePathAndQueryToItsUri() {
			JsonNode echo = echo("/unknown/thing?a=1&a=2");
			assertThat(echo.get("path").asString()).isEqualTo("/base/unknown/thing");
			assertThat(echo.at("/query/a").toString()).isEqualTo("[\"1\",\"2\"]");
		}

		@Test
		void aLiteralUriGetsTheQueryStringAsSentAndAChunkedBodyWithItsLength() {
			JsonNode echo = echo("/pets/dog/1?page=3&tag=a&tag=b");
			assertThat(echo.get("path").asString()).isEqualTo("/literal");
			assertThat(echo.at("/query/page").toString()).isEqualTo("[\"3\"]");
			assertThat(echo.at("/query/tag").toString()).isEqualTo("[\"a\",\"b\"]");
			assertThat(echo("/pets/dog/1").get("query").isEmpty()).isTrue();
			JsonNode posted = echoOf(HttpApiRoutingTests.this.client.post()
				.uri("/pets")
				.header("Host", API + ".execute-api.localhost")
				.body(Flux.just("chunked ", "body").map((part) -> DefaultDataBufferFactory.sharedInstance
					.wrap(part.getBytes(StandardCharsets.UTF_8))), DataBuffer.class));
			assertThat(posted.get("method").asString()).isEqualTo("POST");
			assertThat(posted.get("body").asString()).isEqualTo("chunked body");
			assertThat(posted.at("/headers/content-length").asString()).isEqualTo("12");
			assertThat(posted.at("/headers/transfer-encoding").isMissingNode()).isTrue();
		}

		@Test
		void namedStageIsTheFirstSegmentAndIsNotPartOfTheRoutePath() {
			assertThat(echo("/dev/pets/dog/2").get("path").asString()).isEqualTo("/param/2");
			assertThat(echo("/dev/other").get("path").asString()).isEqualTo("/base/other");
		}

		@Test
		void forwardedHeadersAreAdded() {
			JsonNode headers = echo("/pets/dog/1").get("headers");
			assertThat(headers.get("via").asString()).isEqualTo("HTTP/1.1 AmazonAPIGateway");
			assertThat(headers.get("forwarded").asString()).contains("for=127.0.0.1").contains("proto=http");
			assertThat(headers.has("x-amzn-trace-id")).isTrue();
			assertThat(headers.has("x-forwarded-for")).isTrue();
		}

	}

	@Nested
	class Errors {

		@Test
		void noRouteIsNotFoundWithHttpApisEnvelope() {
			ApiV2Definition withoutDefault = TestHttpApis.autoDeployed(TestHttpApis.withRoute(
					TestHttpApis.api("httpapi02").withIntegration(TestHttpApis.httpProxy("i", backend.url())), "r",
					"GET /only", "i"), Stage.DEFAULT);
			serveHttp(withoutDefault);
			get("httpapi02", "/other").exchange()
				.expectStatus()
				.isNotFound()
				.expectHeader()
				.exists("apigw-requestid")
				.expectHeader()
				.doesNotExist("x-amzn-RequestId")
				.expectHeader()
				.doesNotExist("x-amzn-ErrorType")
				.expectHeader()
				.doesNotExist("Content-Type")
				.expectBody()
				.json("{\"message\":\"Not Found\"}", true);
		}

		@Test
		void routeWithoutIntegrationIsInternalServerError() {
			get(API, "/nothing").exchange()
				.expectStatus()
				.isEqualTo(500)
				.expectBody()
				.json("{\"message\":\"Internal Server Error\"}", true);
		}

		@Test
		void aChunkedBodyOverThePayloadLimitIsRefusedBeforeTheBackend() {
			int before = backend.requestCount();
			byte[] mebibyte = new byte[1024 * 1024];
			HttpApiRoutingTests.this.client.post()
				.uri("/pets")
				.header("Host", API + ".execute-api.localhost")
				.body(Flux.range(0, 11).map((i) -> mebibyte), byte[].class)
				.exchange()
				.expectStatus()
				.isEqualTo(413)
				.expectBody()
				.json("{\"message\":\"Request Entity Too Large\"}", true);
			assertThat(backend.requestCount()).isEqualTo(before);
		}

		@Test
		void integrationTimeoutIsServiceUnavailable() {
			get(API, "/quick").exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.exists("apigw-requestid")
				.expectHeader()
				.contentLength(33)
				.expectBody()
				.json("{\"message\":\"Service Unavailable\"}", true);
		}

		@Test
		void backendStallingItsBodyPastTheIntegrationTimeoutIsServiceUnavailable() {
			long start = System.nanoTime();
			get(API, "/stalling").exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.exists("apigw-requestid")
				.expectHeader()
				.doesNotExist("X-Backend")
				.expectHeader()
				.contentLength(33)
				.expectBody()
				.json("{\"message\":\"Service Unavailable\"}", true);
			// timeoutInMillis is 300 ms; the body would end after 2 s.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1800));
		}

		@Test
		void successfulResponsesCarryTheRequestIdOnly() {
			get(API, "/pets/dog/1").exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.value("apigw-requestid", (id) -> assertThat(id).hasSize(16))
				.expectHeader()
				.doesNotExist("x-amz-apigw-id");
		}

	}

	@Nested
	class ParameterMapping {

		@Test
		void requestHeadersAndQueryStringAreMapped() {
			JsonNode echo = JSON.readTree(get(API, "/dev/mapped/42?page=1&tag=a&debug=1").header("x-list", "first")
				.header("x-secret", "s")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.returnResult()
				.getResponseBody());
			JsonNode headers = echo.get("headers");
			assertThat(headers.get("x-route-id").asString()).isEqualTo("42");
			assertThat(headers.get("x-list").asString()).isEqualTo("first,added");
			assertThat(headers.has("x-secret")).isFalse();
			assertThat(echo.at("/query/page").toString()).isEqualTo("[\"2\"]");
			assertThat(echo.at("/query/tag").toString()).isEqualTo("[\"a\",\"from-dev\"]");
			assertThat(echo.at("/query/debug").isMissingNode()).isTrue();
		}

		@Test
		void pathIsOverwritten() {
			assertThat(echo("/repath/7").get("path").asString()).isEqualTo("/v2/7/details");
		}

		@Test
		void responseIsMappedByTheIntegrationStatus() {
			get(API, "/mapped/1?status=404").exchange()
				.expectStatus()
				.isEqualTo(410)
				.expectHeader()
				.value("x-mapped", (value) -> assertThat(value).hasSize(16));
		}

	}

}
