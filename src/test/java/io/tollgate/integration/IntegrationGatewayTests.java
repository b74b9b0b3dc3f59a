package io.tollgate.integration;

import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationResponse;
import io.tollgate.model.IntegrationType;
import io.tollgate.model.PassthroughBehavior;
import io.tollgate.model.RestApi;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.response.GatewayResponses;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.RawHttp;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestBackend;
import io.tollgate.test.TestLambdaServer;
import io.tollgate.test.TestLambdaServer.RawPayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lambda (AWS_PROXY, AWS) and HTTP integrations with mapping templates, through a running gateway against an
 * in-test Lambda Invoke API and an HTTP echo backend.
 */
class IntegrationGatewayTests extends BaseGatewayTests {

	/** One Invoke API for the whole class: the context's lambda endpoint is fixed (nested classes would restart it). */
	static final TestLambdaServer lambda = new TestLambdaServer().start();

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String INTERNAL_SERVER_ERROR = "{\"message\":\"Internal server error\"}";

	@AfterAll
	static void stopLambda() {
		lambda.stop();
	}

	@DynamicPropertySource
	static void lambdaEndpoint(DynamicPropertyRegistry registry) {
		registry.add("tollgate.lambda.endpoint", () -> lambda.endpoint().toString());
		registry.add("tollgate.lambda.access-key-id", () -> "AKIDTEST");
		registry.add("tollgate.lambda.secret-access-key", () -> "test-secret");
	}

	static Integration lambdaProxy(String function, Integer timeoutInMillis) {
		return new Integration(IntegrationType.AWS_PROXY, "POST", TestLambdaServer.invocationUri(function), null,
				null, null, null, null, null, timeoutInMillis, null, null, null);
	}

	static Integration lambda(String function, Map<String, String> requestTemplates,
			PassthroughBehavior passthrough, Map<String, IntegrationResponse> responses) {
		return new Integration(IntegrationType.AWS, "POST", TestLambdaServer.invocationUri(function), null, null,
				null, requestTemplates, passthrough, null, null, null, null, responses);
	}

	static Integration http(String verb, String uri, Map<String, String> requestParameters,
			Map<String, String> requestTemplates, Integer timeoutInMillis, Map<String, IntegrationResponse> responses) {
		return new Integration(IntegrationType.HTTP, verb, uri, null, null, requestParameters, requestTemplates,
				null, null, timeoutInMillis, null, null, responses);
	}

	static IntegrationResponse response(String status, String pattern, Map<String, String> parameters,
			Map<String, String> templates) {
		return new IntegrationResponse(status, pattern, parameters, templates, null);
	}

	static ApiDefinition api(String id, String path, String verb, Integration integration) {
		return deploy(withMethod(TestApis.api(id), path, method(verb, integration)), "d1", "prod",
				Map.of("color", "blue", "backend", backend.url()));
	}

	static ApiDefinition binary(ApiDefinition api, String... types) {
		RestApi rest = api.restApi();
		ApiDefinition changed = api.withRestApi(new RestApi(rest.id(), rest.name(), rest.description(),
				rest.createdDate(), List.of(types), rest.apiKeySource(), rest.endpointConfiguration(), rest.policy(),
				rest.tags()));
		return deploy(changed, "d2", "prod", Map.of());
	}

	WebTestClient.ResponseSpec get(String apiId, String path) {
		return this.client.get().uri("/restapis/" + apiId + "/prod/_user_request_" + path).exchange();
	}

	static JsonNode json(String text) {
		return JSON.readTree(text);
	}

	@Nested
	class LambdaProxy {

		@Test
		void functionReceivesAwsProxyEventWithKeysInAwsOrder() {
			lambda.register("proxy-event", (event) -> Map.of("statusCode", 200, "body", "ok"));
			serve(api("proxyevent", "/pets/{petId}", "GET", lambdaProxy("proxy-event", null)));
			client.get()
				.uri("/restapis/proxyevent/prod/_user_request_/pets/42?category=electronics&category=books")
				.header("tEsT-HEADeR", "aValUE")
				.header(HttpHeaders.USER_AGENT, "python-requests/testing")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("ok");
			JsonNode event = lambda.lastEvent("proxy-event");
			assertThat(event.propertyNames()).containsExactly("resource", "path", "httpMethod", "headers",
					"multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "pathParameters",
					"stageVariables", "requestContext", "body", "isBase64Encoded");
			assertThat(event.get("resource").asString()).isEqualTo("/pets/{petId}");
			assertThat(event.get("path").asString()).isEqualTo("/pets/42");
			assertThat(event.get("httpMethod").asString()).isEqualTo("GET");
			assertThat(event.get("headers").get("tEsT-HEADeR").asString()).isEqualTo("aValUE");
			assertThat(event.get("multiValueHeaders").get("tEsT-HEADeR").get(0).asString()).isEqualTo("aValUE");
			assertThat(event.get("queryStringParameters")).isEqualTo(json("{\"category\":\"books\"}"));
			assertThat(event.get("multiValueQueryStringParameters"))
				.isEqualTo(json("{\"category\":[\"electronics\",\"books\"]}"));
			assertThat(event.get("pathParameters")).isEqualTo(json("{\"petId\":\"42\"}"));
			assertThat(event.get("stageVariables").get("color").asString()).isEqualTo("blue");
			assertThat(event.get("body").isNull()).isTrue();
			assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
			JsonNode context = event.get("requestContext");
			assertThat(context.get("accountId").asString()).isEqualTo("000000000000");
			assertThat(context.get("apiId").asString()).isEqualTo("proxyevent");
			assertThat(context.get("stage").asString()).isEqualTo("prod");
			assertThat(context.get("resourcePath").asString()).isEqualTo("/pets/{petId}");
			assertThat(context.get("httpMethod").asString()).isEqualTo("GET");
			assertThat(context.get("path").asString()).isEqualTo("/prod/pets/42");
			assertThat(context.get("protocol").asString()).isEqualTo("HTTP/1.1");
			assertThat(context.get("requestId").asString()).matches("[0-9a-f-]{36}");
			assertThat(context.get("extendedRequestId").asString()).isNotEmpty();
			assertThat(context.get("requestTime").asString())
				.matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
			assertThat(context.get("requestTimeEpoch").isIntegralNumber()).isTrue();
			assertThat(context.get("resourceId").asString()).isNotEmpty();
			assertThat(context.get("identity").get("sourceIp").asString()).isEqualTo("127.0.0.1");
			assertThat(context.get("identity").get("userAgent").asString()).isEqualTo("python-requests/testing");
			assertThat(context.has("authorizer")).isFalse();
		}

		@Test
		void traceIdReachesFunctionAndClientsOwnTraceComesBackUnchanged() {
			lambda.register("proxy-trace", (event) -> Map.of("statusCode", 200));
			serve(api("proxytrace", "/pets", "GET", lambdaProxy("proxy-trace", null)));
			String traceId = get("proxytrace", "/pets").expectStatus()
				.isOk()
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst("X-Amzn-Trace-Id");
			assertThat(traceId).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
			assertThat(lambda.lastEvent("proxy-trace").get("headers").get("X-Amzn-Trace-Id").asString())
				.startsWith("Root=1-");
			String clients = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1";
			client.get()
				.uri("/restapis/proxytrace/prod/_user_request_/pets")
				.header("X-Amzn-Trace-Id", clients)
				.exchange()
				.expectHeader()
				.valueEquals("X-Amzn-Trace-Id", clients);
			assertThat(lambda.lastEvent("proxy-trace").get("headers").get("X-Amzn-Trace-Id").asString())
				.isEqualTo(clients);
			client.get()
				.uri("/restapis/proxytrace/prod/_user_request_/pets")
				.header("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793")
				.exchange()
				.expectHeader()
				.valueMatches("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=[0-9a-f]{16};Sampled=0");
		}

		@Test
		void functionGetsForwardedHeadersLastInAwsOrder() {
			lambda.register("proxy-forwarded", (event) -> Map.of("statusCode", 200));
			serve(api("proxyforwarded", "/pets", "GET", lambdaProxy("proxy-forwarded", null)));
			client.get()
				.uri("/restapis/proxyforwarded/prod/_user_request_/pets")
				.header("X-Forwarded-For", "203.0.113.7")
				.header("tEsT-HEADeR", "aValUE")
				.exchange()
				.expectStatus()
				.isOk();
			JsonNode headers = lambda.lastEvent("proxy-forwarded").get("headers");
			List<String> names = List.copyOf(headers.propertyNames());
			assertThat(names.subList(names.size() - 4, names.size())).containsExactly("X-Amzn-Trace-Id",
					"X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto");
			assertThat(headers.get("X-Forwarded-For").asString()).isEqualTo("203.0.113.7, 127.0.0.1");
			assertThat(headers.get("X-Forwarded-Port").asString()).isEqualTo(Integer.toString(port));
			assertThat(headers.get("X-Forwarded-Proto").asString()).isEqualTo("http");
			assertThat(lambda.lastEvent("proxy-forwarded").get("multiValueHeaders").get("X-Forwarded-For"))
				.isEqualTo(json("[\"203.0.113.7, 127.0.0.1\"]"));
		}

		@Test
		void percentEncodedCharactersStayEncodedInPathParameters() {
			lambda.register("proxy-encoded", (event) -> Map.of("statusCode", 200));
			serve(api("proxyencoded", "/users/{email}", "GET", lambdaProxy("proxy-encoded", null)));
			client.get()
				.uri(URI.create("http://127.0.0.1:" + port
						+ "/restapis/proxyencoded/prod/_user_request_/users/test%2Balias@gmail.com"))
				.exchange()
				.expectStatus()
				.isOk();
			JsonNode event = lambda.lastEvent("proxy-encoded");
			assertThat(event.get("pathParameters")).isEqualTo(json("{\"email\":\"test%2Balias@gmail.com\"}"));
			assertThat(event.get("path").asString()).isEqualTo("/users/test%2Balias@gmail.com");
		}

		@Test
		void functionsTransferEncodingIsDroppedNotRemapped() {
			lambda.register("proxy-chunked", (event) -> Map.of("statusCode", 200, "headers",
					Map.of("Transfer-Encoding", "chunked", "Server", "function"), "body", "ok"));
			serve(api("proxychunked", "/pets", "GET", lambdaProxy("proxy-chunked", null)));
			get("proxychunked", "/pets").expectStatus()
				.isOk()
				.expectHeader()
				.doesNotExist("x-amzn-Remapped-Transfer-Encoding")
				.expectHeader()
				.valueEquals("x-amzn-Remapped-Server", "function")
				.expectBody(String.class)
				.isEqualTo("ok");
		}

		@Test
		void wildcardBinaryMediaTypeDecodesForAcceptWithWildcardSubtype() {
			byte[] png = { (byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xfe };
			lambda.register("proxy-binary-any", (event) -> Map.of("statusCode", 200, "isBase64Encoded", true,
					"headers", Map.of("Content-Type", "application/octet-stream"), "body",
					Base64.getEncoder().encodeToString(png)));
			serve(binary(api("proxybinany", "/image", "GET", lambdaProxy("proxy-binary-any", null)), "*/*"));
			byte[] decoded = client.get()
				.uri("/restapis/proxybinany/prod/_user_request_/image")
				.header(HttpHeaders.ACCEPT, "application/*")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(byte[].class)
				.returnResult()
				.getResponseBody();
			assertThat(decoded).isEqualTo(png);
		}

		@Test
		void base64BodyThatDoesNotDecodeIsInternalServerError() {
			lambda.register("proxy-bad-base64", (event) -> Map.of("statusCode", 200, "isBase64Encoded", true,
					"headers", Map.of("Content-Type", "image/png"), "body", "not*base64!"));
			serve(binary(api("proxybadb64", "/image", "GET", lambdaProxy("proxy-bad-base64", null)), "image/png"));
			client.get()
				.uri("/restapis/proxybadb64/prod/_user_request_/image")
				.header(HttpHeaders.ACCEPT, "image/png")
				.exchange()
				.expectStatus()
				.isEqualTo(500)
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "InternalServerErrorException")
				.expectBody(String.class)
				.isEqualTo(INTERNAL_SERVER_ERROR);
		}

		@Test
		void mappingAuthorizationHeaderIsInternalServerError() {
			Integration mapped = new Integration(IntegrationType.AWS_PROXY, "POST",
					TestLambdaServer.invocationUri("proxy-event"), null, null,
					Map.of("integration.request.header.Authorization", "'Bearer x'"), null, null, null, null, null,
					null, null);
			serve(api("proxyrestricted", "/pets", "GET", mapped));
			get("proxyrestricted", "/pets").expectStatus()
				.isEqualTo(500)
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "InternalServerErrorException")
				.expectBody(String.class)
				.isEqualTo(INTERNAL_SERVER_ERROR);
		}

		@Test
		void emptyCollectionsAreNullAndBodyIsText() {
			lambda.register("proxy-post", (event) -> Map.of("statusCode", 200));
			serve(deploy(withMethod(TestApis.api("proxypost"), "/things", method("POST", lambdaProxy("proxy-post",
					null))), "d1", "prod", Map.of()));
			client.post()
				.uri("/restapis/proxypost/prod/_user_request_/things")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"name\":\"rex\"}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType(MediaType.APPLICATION_JSON)
				.expectBody()
				.isEmpty();
			JsonNode event = lambda.lastEvent("proxy-post");
			assertThat(event.get("queryStringParameters").isNull()).isTrue();
			assertThat(event.get("multiValueQueryStringParameters").isNull()).isTrue();
			assertThat(event.get("pathParameters").isNull()).isTrue();
			assertThat(event.get("stageVariables").isNull()).isTrue();
			assertThat(event.get("body").asString()).isEqualTo("{\"name\":\"rex\"}");
			assertThat(event.get("headers").has("Content-Length")).isFalse();
		}

		@Test
		void functionResponseStatusHeadersAndBodyAreMappedBack() {
			lambda.register("proxy-response", (event) -> new RawPayload("{\"statusCode\":\"201\","
					+ "\"headers\":{\"test-header\":\"value\",\"flag\":true,\"tesT-multi\":\"value-solo\"},"
					+ "\"multiValueHeaders\":{\"tesT-Multi\":[\"value-multi\"],\"other\":[\"value1\",\"value2\"]},"
					+ "\"body\":\"<p>created</p>\",\"isBase64Encoded\":false}"));
			serve(api("proxyresponse", "/pets", "GET", lambdaProxy("proxy-response", null)));
			get("proxyresponse", "/pets").expectStatus()
				.isCreated()
				.expectHeader()
				.valueEquals("test-header", "value")
				.expectHeader()
				.valueEquals("flag", "true")
				.expectHeader()
				.valueEquals("tesT-Multi", "value-multi, value-solo")
				.expectHeader()
				.valueEquals("other", "value1, value2")
				.expectBody(String.class)
				.isEqualTo("<p>created</p>");
		}

		@Test
		void lambdaProxyResponseHeaderWithCrLfIsBadGateway() {
			lambda.register("split-header", (event) -> Map.of("statusCode", 200, "headers",
					Map.of("X-Split", "a\r\nSet-Cookie: session=stolen"), "body", "ok"));
			lambda.register("split-multi", (event) -> Map.of("statusCode", 200, "multiValueHeaders",
					Map.of("X-Split", List.of("fine", "b\nSet-Cookie: session=stolen")), "body", "ok"));
			lambda.register("split-name", (event) -> Map.of("statusCode", 200, "headers",
					Map.of("X-Split\r\nSet-Cookie", "session=stolen"), "body", "ok"));
			lambda.register("plain", (event) -> Map.of("statusCode", 200, "headers", Map.of("X-Plain", "yes"),
					"body", "ok"));
			for (String function : List.of("split-header", "split-multi", "split-name")) {
				serve(api("split" + function.substring(6), "/", "GET", lambdaProxy(function, null)));
				RawHttp.Response response = RawHttp.exchange(port,
						RawHttp.get("/restapis/split" + function.substring(6) + "/prod/_user_request_/"));
				assertThat(response.status()).as(function).isEqualTo(502);
				assertThat(response.body()).isEqualTo("{\"message\":\"Internal server error\"}");
				assertThat(response.headers()).doesNotContainKey("set-cookie");
			}
			serve(api("splitplain", "/", "GET", lambdaProxy("plain", null)));
			get("splitplain", "/").expectStatus().isOk().expectHeader().valueEquals("X-Plain", "yes");
		}

		@Test
		void responseWithoutStatusCodeIsOk() {
			lambda.register("proxy-headers-only", (event) -> Map.of("headers", Map.of("test-header", "value")));
			serve(api("proxyheaders", "/pets", "GET", lambdaProxy("proxy-headers-only", null)));
			get("proxyheaders", "/pets").expectStatus().isOk().expectHeader().valueEquals("test-header", "value");
		}

		@Test
		void malformedResponsesAreBadGatewayWithAwsBody() {
			List<String> malformed = List.of("{\"statusCode\":200,\"wrongValue\":\"value\"}", "{}",
					"\"justAString\"", "{\"statusCode\":\"test\"}",
					"{\"statusCode\":200,\"multiValueHeaders\":{\"test\":\"notAList\"}}", "not json");
			serve(api("proxymalformed", "/pets", "GET", lambdaProxy("proxy-malformed", null)));
			for (String payload : malformed) {
				lambda.register("proxy-malformed", (event) -> new RawPayload(payload));
				get("proxymalformed", "/pets").expectStatus()
					.isEqualTo(502)
					.expectHeader()
					.valueEquals("x-amzn-ErrorType", "InternalServerErrorException")
					.expectBody(String.class)
					.isEqualTo(INTERNAL_SERVER_ERROR);
			}
		}

		@Test
		void functionErrorIsBadGatewayWithAwsBody() {
			lambda.register("proxy-error", (event) -> {
				throw new IllegalStateException("boom");
			});
			serve(api("proxyerror", "/pets", "GET", lambdaProxy("proxy-error", null)));
			get("proxyerror", "/pets").expectStatus()
				.isEqualTo(502)
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "InternalServerErrorException")
				.expectBody(String.class)
				.isEqualTo(INTERNAL_SERVER_ERROR);
		}

		@Test
		void invocationOutlastingIntegrationTimeoutIsEndpointRequestTimedOut() {
			lambda.register("proxy-slow", (event) -> {
				Thread.sleep(1000);
				return Map.of("statusCode", 200);
			});
			serve(api("proxyslow", "/pets", "GET", lambdaProxy("proxy-slow", 100)));
			long start = System.nanoTime();
			get("proxyslow", "/pets").expectStatus()
				.isEqualTo(504)
				.expectBody(String.class)
				.isEqualTo("{\"message\":\"Endpoint request timed out\"}");
			assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(900);
		}

		@Test
		void unknownFunctionIsInternalServerError() {
			serve(api("proxymissing", "/pets", "GET", lambdaProxy("no-such-function", null)));
			get("proxymissing", "/pets").expectStatus().isEqualTo(500).expectBody(String.class)
				.isEqualTo(INTERNAL_SERVER_ERROR);
		}

		@Test
		void integrationVerbOtherThanPostIsInternalServerError() {
			Integration get = new Integration(IntegrationType.AWS_PROXY, "GET",
					TestLambdaServer.invocationUri("proxy-event"), null, null, null, null, null, null, null, null,
					null, null);
			serve(api("proxyget", "/pets", "GET", get));
			get("proxyget", "/pets").expectStatus().isEqualTo(500).expectBody(String.class)
				.isEqualTo(INTERNAL_SERVER_ERROR);
		}

		@Test
		void functionNamedByStageVariableIsInvoked() {
			lambda.register("proxy-by-variable", (event) -> Map.of("statusCode", 200, "body", "variable"));
			Integration integration = new Integration(IntegrationType.AWS_PROXY, "POST",
					TestLambdaServer.invocationUri("${stageVariables.fn}"), null, null, null, null, null, null, null,
					null, null, null);
			serve(deploy(withMethod(TestApis.api("proxyvariable"), "/pets", method("GET", integration)), "d1", "prod",
					Map.of("fn", "proxy-by-variable")));
			get("proxyvariable", "/pets").expectStatus().isOk().expectBody(String.class).isEqualTo("variable");
		}

		@Test
		void binaryRequestBodyIsBase64EncodedForBinaryMediaTypes() {
			lambda.register("proxy-binary-in", (event) -> Map.of("statusCode", 200));
			serve(binary(deploy(withMethod(TestApis.api("proxybinin"), "/upload", method("POST",
					lambdaProxy("proxy-binary-in", null))), "d1", "prod", Map.of()), "image/png"));
			byte[] png = { (byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff };
			client.post()
				.uri("/restapis/proxybinin/prod/_user_request_/upload")
				.contentType(MediaType.IMAGE_PNG)
				.bodyValue(png)
				.exchange()
				.expectStatus()
				.isOk();
			JsonNode event = lambda.lastEvent("proxy-binary-in");
			assertThat(event.get("isBase64Encoded").asBoolean()).isTrue();
			assertThat(Base64.getDecoder().decode(event.get("body").asString())).isEqualTo(png);
		}

		@Test
		void base64ResponseIsDecodedOnlyWhenFirstAcceptTypeIsBinary() {
			byte[] png = { (byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xfe };
			lambda.register("proxy-binary-out", (event) -> Map.of("statusCode", 200, "isBase64Encoded", true,
					"headers", Map.of("Content-Type", "image/png"), "body", Base64.getEncoder().encodeToString(png)));
			serve(binary(api("proxybinout", "/image", "GET", lambdaProxy("proxy-binary-out", null)), "image/png"));
			byte[] decoded = client.get()
				.uri("/restapis/proxybinout/prod/_user_request_/image")
				.header(HttpHeaders.ACCEPT, "image/png")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(byte[].class)
				.returnResult()
				.getResponseBody();
			assertThat(decoded).isEqualTo(png);
			client.get()
				.uri("/restapis/proxybinout/prod/_user_request_/image")
				.header(HttpHeaders.ACCEPT, "*/*")
				.exchange()
				.expectBody(String.class)
				.isEqualTo(Base64.getEncoder().encodeToString(png));
		}

	}

	@Nested
	class LambdaNonProxy {

		@Test
		void requestTemplateIsTheEventAndResponseTemplateTheBody() {
			lambda.register("custom", (event) -> Map.of("id", 7, "type", "dog"));
			Integration integration = lambda("custom",
					Map.of("application/json", "{\"petId\": \"$input.params('petId')\", \"stage\": \"$context.stage\","
							+ " \"name\": $input.json('$.name'), \"color\": \"$stageVariables.color\"}"),
					null, Map.of("200", response("200", null, Map.of("method.response.header.X-Pet-Type",
							"integration.response.body.type"), Map.of("application/json",
									"{\"pet\": \"$input.path('$.type')\", \"id\": $input.json('$.id')}"))));
			serve(api("custom", "/pets/{petId}", "POST", integration));
			client.post()
				.uri("/restapis/custom/prod/_user_request_/pets/7")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"name\": \"rex\"}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Pet-Type", "dog")
				.expectBody()
				.json("{\"pet\": \"dog\", \"id\": 7}", true);
			assertThat(lambda.lastEvent("custom"))
				.isEqualTo(json("{\"petId\":\"7\",\"stage\":\"prod\",\"name\":\"rex\",\"color\":\"blue\"}"));
		}

		@Test
		void functionResultOverThePayloadLimitIsInternalServerError() {
			lambda.register("huge", (event) -> Map.of("blob", "x".repeat(11 * 1024 * 1024)));
			serve(api("huge", "/pets/{petId}", "POST", lambda("huge", Map.of(), null,
					Map.of("200", response("200", null, null, null)))));
			client.post()
				.uri("/restapis/huge/prod/_user_request_/pets/7")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isEqualTo(500)
				.expectBody()
				.json(INTERNAL_SERVER_ERROR, true);
		}

		@Test
		void requestBodyThatIsNotJsonIsABadRequestWhenTheTemplateReadsIt() {
			lambda.register("strict", (event) -> Map.of("ok", true));
			serve(api("strict", "/pets/{petId}", "POST", lambda("strict",
					Map.of("application/json", "{\"name\": $input.json('$.name')}"), null,
					Map.of("200", response("200", null, null, null)))));
			for (String body : new String[] { "{\"name\": ", "{\"name\": \"rex\"} trailing", "not json" }) {
				client.post()
					.uri("/restapis/strict/prod/_user_request_/pets/7")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(body)
					.exchange()
					.expectStatus()
					.isBadRequest()
					.expectHeader()
					.valueEquals("x-amzn-ErrorType", "BadRequestException")
					.expectBody()
					.jsonPath("$.message")
					.value((String message) -> assertThat(message).startsWith("Could not parse request body into json: "));
			}
		}

		@Test
		void functionErrorSelectsResponseByErrorMessage() {
			lambda.register("custom-error", (event) -> {
				throw new IllegalArgumentException("NotFound: pet " + event.get("petId").asString());
			});
			Map<String, IntegrationResponse> responses = new LinkedHashMap<>();
			responses.put("200", response("200", null, null, null));
			responses.put("404", response("404", "NotFound.*", null,
					Map.of("application/json", "{\"error\": \"$input.path('$.errorMessage')\"}")));
			serve(api("customerror", "/pets/{petId}", "GET", lambda("custom-error",
					Map.of("application/json", "{\"petId\": \"$input.params('petId')\"}"), null, responses)));
			get("customerror", "/pets/9").expectStatus()
				.isNotFound()
				.expectBody()
				.json("{\"error\": \"NotFound: pet 9\"}", true);
		}

		@Test
		void unmappedFunctionErrorAnswersDefaultResponseWithLambdaErrorObject() {
			lambda.register("custom-unmapped", (event) -> {
				throw new IllegalStateException("something else");
			});
			serve(api("customunmapped", "/pets", "GET", lambda("custom-unmapped", Map.of(), null,
					Map.of("200", response("200", null, null, null),
							"400", response("400", "Invalid.*", null, null)))));
			String body = get("customunmapped", "/pets").expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(json(body).get("errorMessage").asString()).isEqualTo("something else");
			assertThat(json(body).get("errorType").asString()).isEqualTo("IllegalStateException");
		}

		@Test
		void responseTemplateOverridesStatusAndHeader() {
			lambda.register("custom-override", (event) -> Map.of("teapot", true));
			serve(api("customoverride", "/pets", "GET", lambda("custom-override", Map.of(), null,
					Map.of("200", response("200", null, null, Map.of("application/json",
							"#set($context.responseOverride.status = 418)"
									+ "#set($context.responseOverride.header.Teapot = 'yes'){\"teapot\": $input.json('$.teapot')}"))))));
			get("customoverride", "/pets").expectStatus()
				.isEqualTo(418)
				.expectHeader()
				.valueEquals("Teapot", "yes")
				.expectBody()
				.json("{\"teapot\": true}", true);
		}

		@Test
		void bodyWithoutTemplatePassesThroughWhenNoMatch() {
			lambda.register("custom-pass", (event) -> Map.of("received", event));
			serve(api("custompass", "/pets", "POST", lambda("custom-pass",
					Map.of("application/json", "{\"templated\": true}"), PassthroughBehavior.WHEN_NO_MATCH,
					Map.of("200", response("200", null, null, null)))));
			client.post()
				.uri("/restapis/custompass/prod/_user_request_/pets")
				.contentType(MediaType.valueOf("application/vnd.pets+json"))
				.bodyValue("{\"raw\": 1}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"received\": {\"raw\": 1}}", true);
		}

		@Test
		void unmappedContentTypeIsUnsupportedMediaTypeWhenNeverOrWhenNoTemplates() {
			lambda.register("custom-never", (event) -> Map.of());
			for (PassthroughBehavior behavior : List.of(PassthroughBehavior.NEVER,
					PassthroughBehavior.WHEN_NO_TEMPLATES)) {
				String id = "custom" + behavior.name().toLowerCase().replace("_", "");
				serve(api(id, "/pets", "POST", lambda("custom-never",
						Map.of("application/json", "{\"templated\": true}"), behavior,
						Map.of("200", response("200", null, null, null)))));
				client.post()
					.uri("/restapis/" + id + "/prod/_user_request_/pets")
					.contentType(MediaType.TEXT_PLAIN)
					.bodyValue("hello")
					.exchange()
					.expectStatus()
					.isEqualTo(415)
					.expectHeader()
					.valueEquals("x-amzn-ErrorType", "BadRequestException")
					.expectBody(String.class)
					.isEqualTo("{\"message\":\"Unsupported Media Type\"}");
			}
		}

		@Test
		void requestWithoutContentTypeUsesJsonTemplate() {
			lambda.register("custom-json-default", (event) -> event);
			serve(api("customjsondefault", "/pets", "GET", lambda("custom-json-default",
					Map.of("application/json", "{\"templated\": true}"), PassthroughBehavior.NEVER,
					Map.of("200", response("200", null, null, null)))));
			get("customjsondefault", "/pets").expectStatus().isOk().expectBody().json("{\"templated\": true}", true);
		}

		@Test
		void integrationVerbOtherThanPostIsInternalServerError() {
			lambda.register("aws-get", (event) -> Map.of("ok", true));
			Integration get = new Integration(IntegrationType.AWS, "GET", TestLambdaServer.invocationUri("aws-get"),
					null, null, null, null, null, null, null, null, null,
					Map.of("200", response("200", null, null, null)));
			serve(api("awsget", "/pets", "GET", get));
			get("awsget", "/pets").expectStatus()
				.isEqualTo(500)
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "InternalServerErrorException")
				.expectBody(String.class)
				.isEqualTo(INTERNAL_SERVER_ERROR);
		}

		@Test
		void awsServiceOtherThanLambdaIsNotSupported() {
			Integration dynamo = new Integration(IntegrationType.AWS, "POST",
					"arn:aws:apigateway:us-east-1:dynamodb:action/PutItem", null, null, null, null, null, null, null,
					null, null, Map.of("200", response("200", null, null, null)));
			serve(api("customdynamo", "/pets", "POST", dynamo));
			client.post()
				.uri("/restapis/customdynamo/prod/_user_request_/pets")
				.exchange()
				.expectStatus()
				.isEqualTo(500)
				.expectBody(String.class)
				.isEqualTo(INTERNAL_SERVER_ERROR);
		}

		@Test
		void invocationOutlastingIntegrationTimeoutIsEndpointRequestTimedOut() {
			lambda.register("custom-slow", (event) -> {
				Thread.sleep(1000);
				return Map.of();
			});
			Integration slow = new Integration(IntegrationType.AWS, "POST", TestLambdaServer.invocationUri("custom-slow"),
					null, null, null, null, null, null, 100, null, null,
					Map.of("200", response("200", null, null, null)));
			serve(api("customslow", "/pets", "GET", slow));
			get("customslow", "/pets").expectStatus()
				.isEqualTo(504)
				.expectBody(String.class)
				.isEqualTo("{\"message\":\"Endpoint request timed out\"}");
		}

	}

	/** The PetStore transformations of the AWS developer guide ("Mapping template transformations"). */
	@Nested
	class PetStoreExamples {

		private static final String PETS = "[{\"id\": 1, \"type\": \"dog\", \"price\": 249.99},"
				+ " {\"id\": 2, \"type\": \"cat\", \"price\": 124.99}, {\"id\": 3, \"type\": \"fish\", \"price\": 0.99}]";

		private static final String TEMPLATE = """
				#set($inputRoot = $input.path('$'))
				[
				#foreach($elem in $inputRoot)
				  {
				    "description" : "Item $elem.id is a $elem.type.",
				    "askingPrice" : $elem.price
				  }#if($foreach.hasNext),#end

				#end
				]""";

		private static final String DOCUMENTED_OUTPUT = """
				[
				  {
				    "description" : "Item 1 is a dog.",
				    "askingPrice" : 249.99
				  },
				  {
				    "description" : "Item 2 is a cat.",
				    "askingPrice" : 124.99
				  },
				  {
				    "description" : "Item 3 is a fish.",
				    "askingPrice" : 0.99
				  }
				]""";

		@Test
		void petsResponseIsTransformedAsDocumented() {
			lambda.register("petstore", (event) -> new RawPayload(PETS));
			serve(api("petstore", "/pets", "GET", lambda("petstore", Map.of(), null,
					Map.of("200", response("200", null, null, Map.of("application/json", TEMPLATE))))));
			String body = get("petstore", "/pets").expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(json(body)).isEqualTo(json(DOCUMENTED_OUTPUT));
			assertThat(body.replaceAll("\\s+", "")).isEqualTo(DOCUMENTED_OUTPUT.replaceAll("\\s+", ""));
		}

		@Test
		void petsRequestIsTransformedAsDocumented() {
			lambda.register("petstore-request", (event) -> Map.of("ok", true));
			serve(api("petstorerequest", "/pets", "POST", lambda("petstore-request",
					Map.of("application/json", TEMPLATE), null, Map.of("200", response("200", null, null, null)))));
			client.post()
				.uri("/restapis/petstorerequest/prod/_user_request_/pets")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(PETS)
				.exchange()
				.expectStatus()
				.isOk();
			assertThat(lambda.lastEvent("petstore-request")).isEqualTo(json(DOCUMENTED_OUTPUT));
		}

	}

	@Nested
	class Http {

		@Test
		void mappedParametersReachBackendAndResponseIsMapped() {
			Map<String, String> parameters = new LinkedHashMap<>();
			parameters.put("integration.request.header.X-Pet", "method.request.querystring.pet");
			parameters.put("integration.request.header.X-Request-Id", "context.requestId");
			parameters.put("integration.request.header.X-Color", "stageVariables.color");
			parameters.put("integration.request.querystring.source", "'tollgate'");
			parameters.put("integration.request.path.id", "method.request.path.petId");
			Map<String, String> responseParameters = new LinkedHashMap<>();
			responseParameters.put("method.response.header.X-Backend", "integration.response.header.X-Backend");
			responseParameters.put("method.response.header.X-Backend-Method", "integration.response.body.method");
			responseParameters.put("method.response.header.X-Static", "'fixed'");
			Integration integration = http("POST", "${stageVariables.backend}/pets/{id}", parameters,
					Map.of("application/json", "{\"name\": $input.json('$.name')}"), null,
					Map.of("200", response("200", null, responseParameters, Map.of("application/json",
							"#set($b = $input.path('$'))"
									+ "{\"method\": \"$b.method\", \"path\": \"$b.path\", \"pet\": $input.json(\"$.headers['x-pet']\"),"
									+ " \"color\": $input.json(\"$.headers['x-color']\"), \"agent\": $input.json(\"$.headers['user-agent']\"),"
									+ " \"apiId\": $input.json(\"$.headers['x-amzn-apigateway-api-id']\"), \"query\": $input.json('$.query'),"
									+ " \"body\": $input.json('$.body')}"))));
			serve(api("httpmapped", "/pets/{petId}", "PUT", integration));
			client.put()
				.uri("/restapis/httpmapped/prod/_user_request_/pets/5?pet=rex&unmapped=1")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"name\": \"rex\", \"ignored\": true}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Backend", "yes")
				.expectHeader()
				.valueEquals("X-Backend-Method", "POST")
				.expectHeader()
				.valueEquals("X-Static", "fixed")
				.expectBody()
				.json("{\"method\": \"POST\", \"path\": \"/pets/5\", \"pet\": \"rex\", \"color\": \"blue\","
						+ " \"agent\": \"AmazonAPIGateway_httpmapped\", \"apiId\": \"httpmapped\","
						+ " \"query\": {\"source\": [\"tollgate\"]}, \"body\": \"{\\\"name\\\": \\\"rex\\\"}\"}", true);
		}

		@Test
		void backendGetsBodyWithContentLengthAndForwardedHeaders() {
			serve(api("httplength", "/pets", "POST", http("POST", "${stageVariables.backend}/pets", Map.of(),
					Map.of(), null, Map.of("200", response("200", null, null, null)))));
			JsonNode headers = json(client.post()
				.uri("/restapis/httplength/prod/_user_request_/pets")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"name\":\"rex\"}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody()).get("headers");
			assertThat(headers.get("content-length").asString()).isEqualTo("14");
			assertThat(headers.has("transfer-encoding")).isFalse();
			assertThat(headers.get("x-amzn-apigateway-api-id").asString()).isEqualTo("httplength");
			assertThat(headers.get("x-forwarded-for").asString()).isEqualTo("127.0.0.1");
			assertThat(headers.get("x-forwarded-port").asString()).isEqualTo(Integer.toString(port));
			assertThat(headers.get("x-forwarded-proto").asString()).isEqualTo("http");
		}

		@Test
		void backendStatusSelectsResponseAndUnmatchedStatusTakesDefault() {
			Map<String, IntegrationResponse> responses = new LinkedHashMap<>();
			responses.put("200", response("200", null, null, Map.of("application/json", "{\"ok\": true}")));
			responses.put("404", response("404", "404", null, Map.of("application/json", "{\"ok\": false}")));
			Map<String, String> parameters = Map.of("integration.request.querystring.status",
					"method.request.querystring.status");
			serve(api("httpstatus", "/pets", "GET", http("GET", "${stageVariables.backend}/pets", parameters,
					Map.of(), null, responses)));
			get("httpstatus", "/pets?status=404").expectStatus().isNotFound().expectBody().json("{\"ok\": false}");
			// AWS: a backend 400 no pattern matches becomes the default response's 200.
			get("httpstatus", "/pets?status=400").expectStatus().isOk().expectBody().json("{\"ok\": true}");
		}

		@Test
		void responseWithoutTemplatePassesBackendBodyThrough() {
			serve(api("httppass", "/pets", "GET", http("GET", "${stageVariables.backend}/pets", Map.of(), Map.of(),
					null, Map.of("200", response("200", null, null, null)))));
			String body = get("httppass", "/pets").expectStatus()
				.isOk()
				.expectHeader()
				.contentType(MediaType.APPLICATION_JSON)
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(json(body).get("path").asString()).isEqualTo("/pets");
		}

		@Test
		void backendOutlastingIntegrationTimeoutIsEndpointRequestTimedOut() {
			serve(api("httpslow", "/pets", "GET", http("GET", "${stageVariables.backend}/slow?delayMs=2000",
					Map.of(), Map.of(), 200, Map.of("200", response("200", null, null, null)))));
			get("httpslow", "/pets").expectStatus()
				.isEqualTo(504)
				.expectBody(String.class)
				.isEqualTo("{\"message\":\"Endpoint request timed out\"}");
		}

		@Test
		void mappingRestrictedHeaderIsInternalServerError() {
			serve(api("httprestricted", "/pets", "GET", http("GET", "${stageVariables.backend}/pets",
					Map.of("integration.request.header.Content-Length", "'12'"), Map.of(), null,
					Map.of("200", response("200", null, null, null)))));
			get("httprestricted", "/pets").expectStatus()
				.isEqualTo(500)
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "InternalServerErrorException")
				.expectBody(String.class)
				.isEqualTo(INTERNAL_SERVER_ERROR);
		}

		@Test
		void noMatchingResponseAndNoDefaultIsInternalServerError() {
			serve(api("httpnodefault", "/pets", "GET", http("GET", "${stageVariables.backend}/pets", Map.of(),
					Map.of(), null, Map.of("201", response("201", "201", null, null)))));
			get("httpnodefault", "/pets").expectStatus().isEqualTo(500).expectBody(String.class)
				.isEqualTo(INTERNAL_SERVER_ERROR);
		}

	}

	@Nested
	class HttpProxy {

		@Test
		void mappedHeadersAndQueryParametersApplyOverTheClientsRequest() {
			Map<String, String> parameters = new LinkedHashMap<>();
			parameters.put("integration.request.header.X-Pet", "method.request.querystring.pet");
			parameters.put("integration.request.header.X-Color", "stageVariables.color");
			parameters.put("integration.request.header.X-Client", "'mapped'");
			parameters.put("integration.request.header.X-Request-Id", "context.requestId");
			parameters.put("integration.request.querystring.kind", "method.request.header.X-Kind");
			parameters.put("integration.request.querystring.pet", "'override'");
			parameters.put("integration.request.querystring.absent", "method.request.header.X-Absent");
			serve(api("proxymapped", "/pets/{petId}", "GET",
					TestApis.httpProxy("GET", "${stageVariables.backend}/pets/{petId}", null, parameters)));
			WebTestClient.ResponseSpec response = client.get()
				.uri("/restapis/proxymapped/prod/_user_request_/pets/5?pet=rex&keep=1")
				.header("X-Kind", "dog")
				.header("X-Client", "client")
				.header("X-Other", "kept")
				.exchange()
				.expectStatus()
				.isOk();
			JsonNode echo = json(response.expectBody(String.class).returnResult().getResponseBody());
			assertThat(echo.get("method").asString()).isEqualTo("GET");
			assertThat(echo.get("path").asString()).isEqualTo("/pets/5");
			assertThat(echo.get("query"))
				.isEqualTo(json("{\"keep\":[\"1\"],\"kind\":[\"dog\"],\"pet\":[\"override\"]}"));
			JsonNode headers = echo.get("headers");
			assertThat(headers.get("x-pet").asString()).isEqualTo("rex");
			assertThat(headers.get("x-color").asString()).isEqualTo("blue");
			assertThat(headers.get("x-client").asString()).isEqualTo("mapped");
			assertThat(headers.get("x-request-id").asString()).matches("[0-9a-f-]{36}");
			assertThat(headers.get("x-kind").asString()).isEqualTo("dog");
			assertThat(headers.get("x-other").asString()).isEqualTo("kept");
		}

		@Test
		void backendGetsApiIdTraceAndForwardedHeaders() {
			serve(api("proxyheaders2", "/pets", "GET",
					TestApis.httpProxy("GET", "${stageVariables.backend}/pets", null, Map.of())));
			String clients = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1";
			JsonNode headers = json(client.get()
				.uri("/restapis/proxyheaders2/prod/_user_request_/pets")
				.header("X-Forwarded-For", "203.0.113.7")
				.header("X-Amzn-Trace-Id", clients)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody()).get("headers");
			assertThat(headers.get("x-amzn-apigateway-api-id").asString()).isEqualTo("proxyheaders2");
			assertThat(headers.get("x-amzn-trace-id").asString()).isEqualTo(clients);
			assertThat(headers.get("x-forwarded-for").asString()).isEqualTo("203.0.113.7, 127.0.0.1");
			assertThat(headers.get("x-forwarded-port").asString()).isEqualTo(Integer.toString(port));
			assertThat(headers.get("x-forwarded-proto").asString()).isEqualTo("http");
		}

		@Test
		void backendGetsNeitherHopByHopNorTheClientsForwardingHeaders() {
			serve(api("proxyhop", "/pets", "GET", TestApis.httpProxy("GET", "${stageVariables.backend}/pets", null,
					Map.of())));
			RawHttp.Response response = RawHttp.exchange(port, "GET /restapis/proxyhop/prod/_user_request_/pets HTTP/1.1\r\n"
					+ "Host: 127.0.0.1\r\nConnection: keep-alive, X-Hop-Option\r\nX-Hop-Option: dropped\r\n"
					+ "Keep-Alive: timeout=5\r\nTE: trailers\r\nTrailer: X-Checksum\r\n"
					+ "Proxy-Authorization: Basic dXNlcjpwYXNz\r\nX-Forwarded-Host: elsewhere.example\r\n"
					+ "x-forwarded-prefix: /elsewhere\r\nForwarded: for=203.0.113.9\r\nX-Kept: Yes\r\n"
					+ "x-kept-too: also\r\nX-Forwarded-Hostile: no\r\n\r\n");
			assertThat(response.status()).isEqualTo(200);
			JsonNode headers = json(response.body()).get("headers");
			assertThat(headers.get("x-kept").asString()).isEqualTo("Yes");
			assertThat(headers.get("x-kept-too").asString()).isEqualTo("also");
			assertThat(headers.get("x-forwarded-for").asString()).isEqualTo("127.0.0.1");
			assertThat(headers.get("x-amzn-apigateway-api-id").asString()).isEqualTo("proxyhop");
			for (String dropped : List.of("x-hop-option", "keep-alive", "te", "trailer", "proxy-authorization",
					"x-forwarded-host", "x-forwarded-prefix", "forwarded", "x-forwarded-hostile")) {
				assertThat(headers.has(dropped)).as(dropped).isFalse();
			}
			if (headers.has("connection")) {
				assertThat(headers.get("connection").asString()).doesNotContainIgnoringCase("x-hop-option");
			}
		}

		@Test
		void clientGetsNoneOfTheBackendsHopByHopHeaders() {
			serve(api("proxyhopback", "/pets", "GET", TestApis.httpProxy("GET", "${stageVariables.backend}/pets", null,
					Map.of())));
			client.get()
				.uri("/restapis/proxyhopback/prod/_user_request_/pets?responseHeader=Keep-Alive:timeout%3D5"
						+ "&responseHeader=Trailer:X-Checksum&responseHeader=X-Backend-Hop:1"
						+ "&responseHeader=Connection:X-Backend-Hop&responseHeader=X-Backend-Kept:2")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.doesNotExist("Keep-Alive")
				.expectHeader()
				.doesNotExist("Trailer")
				.expectHeader()
				.doesNotExist("X-Backend-Hop")
				.expectHeader()
				.valueEquals("X-Backend-Kept", "2")
				.expectHeader()
				.valueEquals("X-Backend", "yes");
		}

		@Test
		void mappingRestrictedHeaderIsInternalServerError() {
			for (String header : List.of("Content-Length", "TE", "Transfer-Encoding", "Connection", "Expect",
					"Proxy-Authenticate")) {
				serve(api("proxyte", "/pets", "GET", TestApis.httpProxy("GET", "${stageVariables.backend}/pets", null,
						Map.of("integration.request.header." + header, "'x'"))));
				get("proxyte", "/pets").expectStatus()
					.isEqualTo(500)
					.expectHeader()
					.valueEquals("x-amzn-ErrorType", "InternalServerErrorException")
					.expectBody(String.class)
					.isEqualTo(INTERNAL_SERVER_ERROR);
			}
		}

	}

	@Nested
	class TemplateOverrides {

		Integration mockWith(String requestTemplate, String responseTemplate) {
			return new Integration(IntegrationType.MOCK, null, null, null, null, null,
					Map.of("application/json", requestTemplate), null, null, null, null, null,
					Map.of("200", response("200", null, null, Map.of("application/json", responseTemplate))));
		}

		@Test
		void responseOverrideSetInRequestTemplateApplies() {
			serve(api("mockoverride", "/pets", "GET", mockWith("#set($context.responseOverride.status = 444)"
					+ "#set($context.responseOverride.header.Teapot = 'yes'){\"statusCode\": 200}", "{\"ok\": true}")));
			get("mockoverride", "/pets").expectStatus()
				.isEqualTo(444)
				.expectHeader()
				.valueEquals("Teapot", "yes")
				.expectBody()
				.json("{\"ok\": true}", true);
		}

		@Test
		void requestOverridesAreVisibleInResponseTemplate() {
			serve(api("mockreqoverride", "/pets/{petId}", "GET", mockWith(
					"#set($context.requestOverride.header.Pet = 'rex')"
							+ "#set($context.requestOverride.querystring.kind = $input.params('kind'))"
							+ "#set($context.requestOverride.path.petId = 'overridden'){\"statusCode\": 200}",
					"{\"header\": \"$context.requestOverride.header.Pet\", "
							+ "\"querystring\": \"$context.requestOverride.querystring.kind\", "
							+ "\"path\": \"$context.requestOverride.path.petId\"}")));
			get("mockreqoverride", "/pets/5?kind=dog").expectStatus()
				.isOk()
				.expectBody()
				.json("{\"header\": \"rex\", \"querystring\": \"dog\", \"path\": \"overridden\"}", true);
		}

		@Test
		void httpRequestOverridesReachBackendAndResponseOverrideOfRequestTemplateApplies() {
			Integration integration = http("POST", "${stageVariables.backend}/pets",
					Map.of("integration.request.header.Pet", "'mapped'"),
					Map.of("application/json", "#set($context.requestOverride.header.Pet = 'overridden')"
							+ "#set($context.requestOverride.querystring.kind = 'dog')"
							+ "#set($context.responseOverride.status = 202){}"),
					null, Map.of("200", response("200", null, null, null)));
			serve(api("httpoverride", "/pets", "POST", integration));
			JsonNode echo = json(client.post()
				.uri("/restapis/httpoverride/prod/_user_request_/pets")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isEqualTo(202)
				.expectBody(String.class)
				.returnResult()
				.getResponseBody());
			assertThat(echo.get("headers").get("pet").asString()).isEqualTo("overridden");
			assertThat(echo.get("query")).isEqualTo(json("{\"kind\":[\"dog\"]}"));
		}

		@Test
		void emptyBodyReadsAsEmptyObject() {
			serve(api("mockinput", "/pets", "POST", mockWith("{\"statusCode\": 200}", "$input.body")));
			client.post()
				.uri("/restapis/mockinput/prod/_user_request_/pets")
				.contentType(MediaType.APPLICATION_JSON)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("{}");
		}

		@Test
		void listsSelectedByInputPathRenderAsJson() {
			serve(api("httppathlist", "/pets", "GET", http("GET", "${stageVariables.backend}/pets",
					Map.of("integration.request.querystring.kind", "method.request.querystring.kind"), Map.of(), null,
					Map.of("200", response("200", null, null,
							Map.of("application/json", "$input.path('$.query.kind') $input.path('$.query')"))))));
			get("httppathlist", "/pets?kind=dog").expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("[\"dog\"] {kind=[\"dog\"]}");
		}

	}

	@Nested
	class ContentHandlingConversions {

		private final byte[] png = { (byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xfe };

		@Test
		void convertToTextSendsBinaryRequestBodyAsBase64() {
			Integration integration = new Integration(IntegrationType.HTTP, "POST", "${stageVariables.backend}/upload",
					null, null, null, null, null, "CONVERT_TO_TEXT", null, null, null,
					Map.of("200", response("200", null, null,
							Map.of("application/json", "{\"received\": \"$input.path('$.body')\"}"))));
			serve(binary(api("converttext", "/image", "POST", integration), "image/png"));
			client.post()
				.uri("/restapis/converttext/prod/_user_request_/image")
				.contentType(MediaType.IMAGE_PNG)
				.bodyValue(this.png)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"received\": \"" + Base64.getEncoder().encodeToString(this.png) + "\"}", true);
		}

		@Test
		void convertToBinaryDecodesBase64ResponseBody() {
			lambda.register("convert-binary", (event) -> new RawPayload(Base64.getEncoder().encodeToString(this.png)));
			Integration integration = new Integration(IntegrationType.AWS, "POST",
					TestLambdaServer.invocationUri("convert-binary"), null, null, null, null, null, null, null, null,
					null, Map.of("200", new IntegrationResponse("200", null,
							Map.of("method.response.header.Content-Type", "'image/png'"), null, "CONVERT_TO_BINARY")));
			serve(binary(api("convertbinary", "/image", "GET", integration), "image/png"));
			byte[] answer = client.get()
				.uri("/restapis/convertbinary/prod/_user_request_/image")
				.header(HttpHeaders.ACCEPT, "image/png")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType(MediaType.IMAGE_PNG)
				.expectBody(byte[].class)
				.returnResult()
				.getResponseBody();
			assertThat(answer).isEqualTo(this.png);
		}

	}

	/** What the console's "Enable CORS" sets up: an OPTIONS MOCK method, response headers, gateway responses. */
	@Nested
	class Cors {

		private ApiDefinition corsApi() {
			Map<String, String> preflightHeaders = new LinkedHashMap<>();
			preflightHeaders.put("method.response.header.Access-Control-Allow-Origin", "'https://shop.example'");
			preflightHeaders.put("method.response.header.Access-Control-Allow-Methods", "'GET,OPTIONS'");
			preflightHeaders.put("method.response.header.Access-Control-Allow-Headers",
					"'Content-Type,X-Amz-Date,Authorization,X-Api-Key'");
			Integration preflight = new Integration(IntegrationType.MOCK, null, null, null, null, null,
					Map.of("application/json", "{\"statusCode\": 200}"), null, null, null, null, null,
					Map.of("200", response("200", null, preflightHeaders, Map.of("application/json", ""))));
			lambda.register("cors-get", (event) -> Map.of("statusCode", 200, "body", "pets"));
			Integration get = http("GET", "${stageVariables.backend}/pets", Map.of(), Map.of(), null,
					Map.of("200", response("200", null,
							Map.of("method.response.header.Access-Control-Allow-Origin", "'https://shop.example'"),
							null)));
			ApiDefinition api = withMethod(TestApis.api("cors"), "/pets", method("OPTIONS", preflight));
			api = withMethod(api, "/pets", method("GET", get));
			api = api.withComponents(api.components()
				.withGatewayResponse(GatewayResponses.customised(GatewayResponseType.DEFAULT_4XX, null,
						Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'https://shop.example'"), null))
				.withGatewayResponse(GatewayResponses.customised(GatewayResponseType.DEFAULT_5XX, null,
						Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'https://shop.example'"), null)));
			api = withMethod(api, "/broken", method("GET", lambdaProxy("cors-missing-function", null)));
			return deploy(api, "d1", "prod", Map.of("backend", backend.url()));
		}

		@Test
		void preflightIsAnsweredByOptionsMockMethod() {
			serve(corsApi());
			client.options()
				.uri("/restapis/cors/prod/_user_request_/pets")
				.header(HttpHeaders.ORIGIN, "https://shop.example")
				.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "https://shop.example")
				.expectHeader()
				.valueEquals("Access-Control-Allow-Methods", "GET,OPTIONS")
				.expectHeader()
				.valueEquals("Access-Control-Allow-Headers", "Content-Type,X-Amz-Date,Authorization,X-Api-Key");
		}

		@Test
		void methodResponsesCarryAllowOrigin() {
			serve(corsApi());
			client.get()
				.uri("/restapis/cors/prod/_user_request_/pets")
				.header(HttpHeaders.ORIGIN, "https://shop.example")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "https://shop.example");
		}

		@Test
		void gatewayErrorResponsesCarryAllowOrigin() {
			serve(corsApi());
			client.get()
				.uri("/restapis/cors/prod/_user_request_/nothing")
				.header(HttpHeaders.ORIGIN, "https://shop.example")
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "https://shop.example")
				.expectBody(String.class)
				.isEqualTo("{\"message\":\"Missing Authentication Token\"}");
			client.get()
				.uri("/restapis/cors/prod/_user_request_/broken")
				.exchange()
				.expectStatus()
				.isEqualTo(500)
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "https://shop.example");
		}

	}

	/** A customised DEFAULT_5XX status wins over the 502 of a malformed Lambda proxy response. */
	@Nested
	class GatewayResponseCustomisation {

		@Test
		void customisedFamilyStatusAndTemplateApplyToBadGateway() {
			lambda.register("custom-5xx", (event) -> new RawPayload("{}"));
			ApiDefinition api = withMethod(TestApis.api("custom5xx"), "/pets", method("GET",
					lambdaProxy("custom-5xx", null)));
			api = api.withComponents(api.components()
				.withGatewayResponse(GatewayResponses.customised(GatewayResponseType.DEFAULT_5XX, "599", null,
						Map.of("application/json", "{\"error\": \"$context.error.message\", \"type\": \"$context.error.responseType\"}"))));
			serve(deploy(api, "d1", "prod", Map.of()));
			get("custom5xx", "/pets").expectStatus()
				.isEqualTo(599)
				.expectBody()
				.json("{\"error\": \"Internal server error\", \"type\": \"DEFAULT_5XX\"}", true);
		}

	}

	@Nested
	class Compression {

		private final String large = "{\"pets\": \"" + "rex ".repeat(100) + "\"}";

		private ApiDefinition compressedApi() {
			ApiDefinition api = withMethod(TestApis.api("gzip"), "/large", method("GET", TestApis.mock(this.large)));
			api = withMethod(api, "/small", method("GET", TestApis.mock("{\"a\": 1}")));
			api = withMethod(api, "/proxy", method("POST", TestApis.httpProxy("POST", "${stageVariables.backend}/echo",
					null, Map.of())));
			api = api.withRestApi(api.restApi().withMinimumCompressionSize(100));
			return deploy(api, "d1", "prod", Map.of("backend", backend.url()));
		}

		/** A client that leaves bodies as they arrive (WebTestClient's default one decompresses gzip itself). */
		private WebTestClient rawClient() {
			return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create()))
				.baseUrl("http://127.0.0.1:" + port)
				.build();
		}

		private byte[] gunzip(byte[] bytes) throws java.io.IOException {
			try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
					new java.io.ByteArrayInputStream(bytes))) {
				return in.readAllBytes();
			}
		}

		@Test
		void bodyAtLeastMinimumSizeIsGzippedForClientsAcceptingGzip() throws Exception {
			serve(compressedApi());
			byte[] body = rawClient().get()
				.uri("/restapis/gzip/prod/_user_request_/large")
				.header(HttpHeaders.ACCEPT_ENCODING, "gzip, deflate")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.CONTENT_ENCODING, "gzip")
				.expectBody(byte[].class)
				.returnResult()
				.getResponseBody();
			assertThat(new String(gunzip(body), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(this.large);
		}

		@Test
		void smallBodiesAndClientsNotAcceptingGzipGetPlainBodies() {
			serve(compressedApi());
			rawClient().get()
				.uri("/restapis/gzip/prod/_user_request_/small")
				.header(HttpHeaders.ACCEPT_ENCODING, "gzip")
				.exchange()
				.expectHeader()
				.doesNotExist(HttpHeaders.CONTENT_ENCODING)
				.expectBody()
				.json("{\"a\": 1}");
			rawClient().get()
				.uri("/restapis/gzip/prod/_user_request_/large")
				.exchange()
				.expectHeader()
				.doesNotExist(HttpHeaders.CONTENT_ENCODING)
				.expectBody(String.class)
				.isEqualTo(this.large);
		}

		@Test
		void httpProxyResponsesAreCompressedToo() throws Exception {
			serve(compressedApi());
			byte[] body = rawClient().post()
				.uri("/restapis/gzip/prod/_user_request_/proxy")
				.header(HttpHeaders.ACCEPT_ENCODING, "gzip")
				.bodyValue(this.large)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.CONTENT_ENCODING, "gzip")
				.expectBody(byte[].class)
				.returnResult()
				.getResponseBody();
			assertThat(json(new String(gunzip(body), java.nio.charset.StandardCharsets.UTF_8)).get("body").asString())
				.isEqualTo(this.large);
		}

	}

	/** Mapping templates are API authors' input: the known Velocity injection payloads do nothing. */
	@Nested
	class TemplateSandbox {

		@Test
		void injectionPayloadsInResponseTemplatesAreRefused() {
			lambda.register("sandbox", (event) -> Map.of("x", 1));
			List<String> payloads = List.of(
					"#set($s='')$s.getClass().forName('java.lang.Runtime').getRuntime().exec('id')",
					"$input.class.classLoader", "#include('/etc/hostname')", "#parse('/etc/passwd')",
					"#evaluate($input.body)", "#macro(m)#m()#end#m()");
			for (String payload : payloads) {
				serve(api("sandbox", "/pets", "GET", lambda("sandbox", Map.of(), null,
						Map.of("200", response("200", null, null, Map.of("application/json", payload))))));
				String body = get("sandbox", "/pets").expectBody(String.class).returnResult().getResponseBody();
				assertThat(String.valueOf(body)).doesNotContain("Process[").doesNotContain("ClassLoader")
					.doesNotContain("root:");
			}
		}

	}

	@Nested
	class MockPassthrough {

		private Integration mock(PassthroughBehavior behavior, Map<String, String> requestTemplates) {
			return new Integration(IntegrationType.MOCK, null, null, null, null, null, requestTemplates, behavior,
					null, null, null, null,
					Map.of("200", response("200", null, null, Map.of("application/json", "{\"id\": 42}"))));
		}

		@Test
		void neverRefusesContentTypeWithoutTemplate() {
			serve(api("mocknever", "/pets", "POST", mock(PassthroughBehavior.NEVER,
					Map.of("application/json", "{\"statusCode\": 200}"))));
			client.post()
				.uri("/restapis/mocknever/prod/_user_request_/pets")
				.contentType(MediaType.APPLICATION_XML)
				.bodyValue("<pet/>")
				.exchange()
				.expectStatus()
				.isEqualTo(415)
				.expectBody(String.class)
				.isEqualTo("{\"message\":\"Unsupported Media Type\"}");
			client.post()
				.uri("/restapis/mocknever/prod/_user_request_/pets")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"id\": 42}");
		}

		@Test
		void whenNoTemplatesPassesThroughOnlyWithoutAnyTemplate() {
			serve(api("mocknotemplates", "/pets", "POST", mock(PassthroughBehavior.WHEN_NO_TEMPLATES, Map.of())));
			client.post()
				.uri("/restapis/mocknotemplates/prod/_user_request_/pets")
				.contentType(MediaType.APPLICATION_XML)
				.bodyValue("<pet/>")
				.exchange()
				.expectStatus()
				.isOk();
		}

	}

}
