package io.tollgate.integration;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tollgate.domain.DomainRegistry;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.Stage;
import io.tollgate.test.BaseHttpApiTests;
import io.tollgate.test.TestHttpApis;
import io.tollgate.test.TestLambdaServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP APIs' {@code AWS_PROXY} integration through the running gateway and a real Lambda Invoke API server: the
 * payload format 2.0 and 1.0 events, the 2.0 response inference, and HTTP APIs' answers to failing functions.
 */
class HttpApiLambdaTests extends BaseHttpApiTests {

	private static final String API = "httplambda";

	@Autowired
	DomainRegistry domainRegistry;

	@BeforeEach
	void serveApi() {
		lambda.register("v2", (event) -> Map.of("statusCode", 201, "headers", Map.of("x-fn", "yes"), "cookies",
				List.of("a=1; Path=/", "b=2"), "body", "created"));
		lambda.register("object", (event) -> Map.of("message", "hi"));
		lambda.register("string", (event) -> "Hello from Lambda!");
		lambda.register("binary", (event) -> Map.of("statusCode", 200, "headers",
				Map.of("content-type", "application/octet-stream"), "body", "AQID", "isBase64Encoded", true));
		lambda.register("v1", (event) -> Map.of("statusCode", 200, "multiValueHeaders", Map.of("x-m", List.of("1", "2")),
				"body", "one"));
		lambda.register("v1-invalid", (event) -> Map.of("body", "no status"));
		lambda.register("fails", (event) -> {
			throw new IllegalStateException("boom");
		});
		lambda.register("malformed", (event) -> new TestLambdaServer.RawPayload("{not json"));
		lambda.register("slow", (event) -> {
			Thread.sleep(1500);
			return "late";
		});
		ApiV2Definition api = TestHttpApis.api(API)
			.withIntegration(TestHttpApis.lambda("v2", "v2", "2.0", null))
			.withIntegration(TestHttpApis.lambda("object", "object", "2.0", null))
			.withIntegration(TestHttpApis.lambda("string", "string", "2.0", null))
			.withIntegration(TestHttpApis.lambda("binary", "binary", "2.0", null))
			.withIntegration(TestHttpApis.lambda("v1", "v1", "1.0", null))
			.withIntegration(TestHttpApis.lambda("v1invalid", "v1-invalid", "1.0", null))
			.withIntegration(TestHttpApis.lambda("fails", "fails", "2.0", null))
			.withIntegration(TestHttpApis.lambda("malformed", "malformed", "2.0", null))
			.withIntegration(TestHttpApis.lambda("missing", "no-such-function", "2.0", null))
			.withIntegration(TestHttpApis.lambda("slow", "slow", "2.0", 300));
		api = TestHttpApis.withRoute(api, "r1", "POST /items/{id}", "v2");
		api = TestHttpApis.withRoute(api, "r2", "GET /object", "object");
		api = TestHttpApis.withRoute(api, "r3", "GET /string", "string");
		api = TestHttpApis.withRoute(api, "r4", "GET /binary", "binary");
		api = TestHttpApis.withRoute(api, "r5", "GET /v1/{proxy+}", "v1");
		api = TestHttpApis.withRoute(api, "r6", "GET /v1invalid", "v1invalid");
		api = TestHttpApis.withRoute(api, "r7", "GET /fails", "fails");
		api = TestHttpApis.withRoute(api, "r8", "GET /malformed", "malformed");
		api = TestHttpApis.withRoute(api, "r9", "GET /missing", "missing");
		api = TestHttpApis.withRoute(api, "r10", "GET /slow", "slow");
		api = TestHttpApis.autoDeployed(api, Stage.DEFAULT);
		api = api.withStage(new Stage("live", null, null, true, Map.of("color", "blue"), null, null, null, null, null,
				false, null, null, null));
		serveHttp(api);
	}

	@Test
	void payload2EventAndStructuredResponse() {
		this.client.post()
			.uri(java.net.URI.create("http://127.0.0.1:" + this.port + "/live/items/a%20b?x=1&x=2"))
			.header("Host", API + ".execute-api.localhost")
			.header("Cookie", "c1=v1; c2=v2")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"n\":1}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("x-fn", "yes")
			.expectHeader()
			.valueEquals("Set-Cookie", "a=1; Path=/", "b=2")
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody(String.class)
			.isEqualTo("created");
		JsonNode event = lambda.lastEvent("v2");
		assertThat(event.get("version").asString()).isEqualTo("2.0");
		assertThat(event.get("routeKey").asString()).isEqualTo("POST /items/{id}");
		assertThat(event.get("rawPath").asString()).isEqualTo("/live/items/a%20b");
		assertThat(event.get("rawQueryString").asString()).isEqualTo("x=1&x=2");
		assertThat(event.get("cookies").toString()).isEqualTo("[\"c1=v1\",\"c2=v2\"]");
		assertThat(event.at("/queryStringParameters/x").asString()).isEqualTo("1,2");
		assertThat(event.at("/pathParameters/id").asString()).isEqualTo("a b");
		assertThat(event.at("/stageVariables/color").asString()).isEqualTo("blue");
		assertThat(event.get("body").asString()).isEqualTo("{\"n\":1}");
		assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
		assertThat(event.at("/headers/host").asString()).isEqualTo(API + ".execute-api.localhost");
		assertThat(event.at("/requestContext/stage").asString()).isEqualTo("live");
		assertThat(event.at("/requestContext/http/method").asString()).isEqualTo("POST");
		assertThat(event.at("/requestContext/http/path").asString()).isEqualTo("/live/items/a%20b");
		assertThat(event.at("/requestContext/requestId").asString()).hasSize(16);
		assertThat(event.at("/requestContext/domainPrefix").asString()).isEqualTo(API);
		assertThat(event.at("/requestContext").has("authorizer")).isFalse();
	}

	@Test
	void defaultStageEventHasNoStageInItsPath() {
		get(API, "/object").exchange().expectStatus().isOk();
		JsonNode event = lambda.lastEvent("object");
		assertThat(event.get("rawPath").asString()).isEqualTo("/object");
		assertThat(event.at("/requestContext/stage").asString()).isEqualTo("$default");
		assertThat(event.has("queryStringParameters")).isFalse();
		assertThat(event.has("pathParameters")).isFalse();
		assertThat(event.has("stageVariables")).isFalse();
		assertThat(event.has("body")).isFalse();
	}

	@Test
	void throughACustomDomainRawPathLeavesOutTheMappingKeyWhichPayload1PathKeeps() {
		if (this.domainRegistry.domain("lambda.example.com") == null) {
			this.v2.createDomainName((r) -> r.domainName("lambda.example.com"));
			this.v2.createApiMapping((r) -> r.domainName("lambda.example.com").apiId(API).stage("live")
				.apiMappingKey("shop/v2"));
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> this.domainRegistry.domain("lambda.example.com") != null
						&& !this.domainRegistry.domain("lambda.example.com").apiMappings().isEmpty());
		}
		this.client.post()
			.uri("/shop/v2/items/7?x=1")
			.header("Host", "lambda.example.com")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isCreated();
		JsonNode event = lambda.lastEvent("v2");
		assertThat(event.get("rawPath").asString()).isEqualTo("/items/7");
		assertThat(event.at("/requestContext/http/path").asString()).isEqualTo("/items/7");
		assertThat(event.at("/requestContext/stage").asString()).isEqualTo("live");
		assertThat(event.at("/requestContext/domainName").asString()).isEqualTo("lambda.example.com");
		assertThat(event.at("/requestContext/domainPrefix").asString()).isEqualTo("lambda");
		this.client.get()
			.uri("/shop/v2/v1/a/b")
			.header("Host", "lambda.example.com")
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(lambda.lastEvent("v1").get("path").asString()).isEqualTo("/shop/v2/v1/a/b");
	}

	@Test
	void objectWithoutStatusCodeIsA200JsonBody() {
		get(API, "/object").exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody(String.class)
			.isEqualTo("{\"message\":\"hi\"}");
	}

	@Test
	void stringIsTheBodyWithoutQuotes() {
		get(API, "/string").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("Hello from Lambda!");
	}

	@Test
	void base64BodyIsDecoded() {
		get(API, "/binary").exchange().expectStatus().isOk().expectBody(byte[].class).isEqualTo(new byte[] { 1, 2, 3 });
	}

	@Test
	void payload1EventAndResponse() {
		get(API, "/v1/a/b").exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("x-m", "1", "2")
			.expectBody(String.class)
			.isEqualTo("one");
		JsonNode event = lambda.lastEvent("v1");
		assertThat(event.get("version").asString()).isEqualTo("1.0");
		assertThat(event.get("resource").asString()).isEqualTo("/v1/{proxy+}");
		assertThat(event.get("path").asString()).isEqualTo("/v1/a/b");
		assertThat(event.get("httpMethod").asString()).isEqualTo("GET");
		assertThat(event.at("/pathParameters/proxy").asString()).isEqualTo("a/b");
		assertThat(event.at("/requestContext/stage").asString()).isEqualTo("$default");
		assertThat(event.at("/requestContext/resourceId").isNull()).isTrue();
		assertThat(event.at("/requestContext/authorizer/claims").isNull()).isTrue();
		assertThat(event.get("multiValueQueryStringParameters").isNull()).isTrue();
	}

	@Test
	void payload1WithoutStatusCodeIsInternalServerError() {
		get(API, "/v1invalid").exchange()
			.expectStatus()
			.isEqualTo(500)
			.expectBody()
			.json("{\"message\":\"Internal Server Error\"}", true);
	}

	@Test
	void failingFunctionsAreInternalServerError() {
		for (String path : List.of("/fails", "/malformed", "/missing")) {
			get(API, path).exchange()
				.expectStatus()
				.isEqualTo(500)
				.expectHeader()
				.doesNotExist("Content-Type")
				.expectBody()
				.json("{\"message\":\"Internal Server Error\"}", true);
		}
	}

	@Test
	void functionOutlastingTheTimeoutIsServiceUnavailable() {
		get(API, "/slow").exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.json("{\"message\":\"Service Unavailable\"}", true);
	}

}
