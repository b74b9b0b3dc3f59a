package io.tollgate.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.CanarySettings;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationResponse;
import io.tollgate.model.IntegrationType;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestBackend;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.httpProxy;
import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

class GatewayRoutingIntegrationTests extends BaseGatewayTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final Pattern UUID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ApiDefinition shop() {
		ApiDefinition api = TestApis.api("shop");
		api = withMethod(api, "/items", method("GET", mock("{\"list\": true}")));
		api = withMethod(api, "/items/special", method("GET", mock("{\"special\": true}")));
		api = withMethod(api, "/items/{itemId}", method("GET", mock("{\"item\": \"$input.params('itemId')\"}")));
		api = withMethod(api, "/items/{itemId}", method("ANY", mock("{\"any\": \"$context.httpMethod\"}")));
		api = withMethod(api, "/files/{path+}", method("GET", mock("{\"file\": \"$input.params('path')\"}")));
		api = withMethod(api, "/proxy/{proxy+}", method("ANY", httpProxy("ANY",
				"${stageVariables.backend}/echo/{proxy}", null,
				Map.of("integration.request.path.proxy", "method.request.path.proxy"))));
		api = withMethod(api, "/slow", method("GET", httpProxy("GET", "${stageVariables.backend}/slow?delayMs=2000",
				200, Map.of())));
		api = withMethod(api, "/down", method("GET", httpProxy("GET", "http://127.0.0.1:" + closedPort() + "/unreachable", 1000,
				Map.of())));
		api = withMethod(api, "/stage-vars", method("GET", mock(
				"{\"color\": \"$stageVariables.color\", \"canary\": \"$context.isCanaryRequest\"}")));
		return deploy(api, "d1", "prod", Map.of("backend", backend.url(), "color", "blue"));
	}

	/** A port nothing listens on: the connection is refused. */
	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private WebTestClient.ResponseSpec get(String path) {
		return this.client.get().uri("/restapis/shop/prod/_user_request_" + path).exchange();
	}

	@Nested
	class Mock {

		@Test
		void mockMethodAnswersWithItsResponseTemplateAndStandardHeaders() {
			serve(shop());
			get("/items").expectStatus()
				.isOk()
				.expectHeader()
				.contentType(MediaType.APPLICATION_JSON)
				.expectHeader()
				.valueMatches("x-amzn-RequestId", UUID.pattern())
				.expectHeader()
				.valueMatches("x-amz-apigw-id", "[A-Za-z0-9+/]{15}=")
				.expectHeader()
				.valueMatches(HttpHeaders.DATE, "[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT")
				.expectBody()
				.json("{\"list\": true}");
		}

		@Test
		void responseTemplateOverridesStatusAndHeaders() {
			serve(deploy(withMethod(shop(), "/created", method("POST", mock(
					"#set($context.responseOverride.status = 201)#set($context.responseOverride.header.Location = \"/items/$context.requestId\"){\"created\": true}"))),
					"d-created", "prod", Map.of()));
			client.post()
				.uri("/restapis/shop/prod/_user_request_/created")
				.exchange()
				.expectStatus()
				.isCreated()
				.expectHeader()
				.valueMatches(HttpHeaders.LOCATION, "/items/" + UUID.pattern())
				.expectBody()
				.json("{\"created\": true}");
		}

		@Test
		void integrationResponseIsSelectedByTheRequestTemplatesStatusCode() {
			Integration notFound = new Integration(IntegrationType.MOCK, null, null, null, null, null,
					Map.of("application/json", "{\"statusCode\": $input.params('code')}"), null, null, null, null, null,
					Map.of("200", new IntegrationResponse("200", null, null, Map.of("application/json", "{\"ok\": true}"), null),
							"404", new IntegrationResponse("404", "4\\d{2}",
									Map.of("method.response.header.X-Reason", "'missing'"),
									Map.of("application/json", "{\"ok\": false}"), null)));
			serve(deploy(withMethod(shop(), "/select", method("GET", notFound)), "d-select", "prod", Map.of()));
			get("/select?code=200").expectStatus().isOk().expectBody().json("{\"ok\": true}");
			get("/select?code=410").expectStatus()
				.isNotFound()
				.expectHeader()
				.valueEquals("X-Reason", "missing")
				.expectBody()
				.json("{\"ok\": false}");
		}

		@Test
		void eachRequestGetsItsOwnRequestId() {
			serve(shop());
			String first = get("/items").returnResult(String.class).getResponseHeaders().getFirst("x-amzn-RequestId");
			String second = get("/items").returnResult(String.class).getResponseHeaders().getFirst("x-amzn-RequestId");
			assertThat(first).isNotEqualTo(second);
		}

	}

	@Nested
	class Precedence {

		@Test
		void literalSegmentBeatsPathParameter() {
			serve(shop());
			get("/items/special").expectStatus().isOk().expectBody().json("{\"special\": true}");
			get("/items/42").expectStatus().isOk().expectBody().json("{\"item\": \"42\"}");
		}

		@Test
		void specificVerbBeatsAnyAndAnyTakesTheRest() {
			serve(shop());
			get("/items/7").expectBody().json("{\"item\": \"7\"}");
			client.delete()
				.uri("/restapis/shop/prod/_user_request_/items/7")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"any\": \"DELETE\"}");
		}

		@Test
		void greedyParameterTakesTheRestOfThePath() {
			serve(shop());
			get("/files/a/b/c.txt").expectStatus().isOk().expectBody().json("{\"file\": \"a/b/c.txt\"}");
		}

		@Test
		void trailingSlashAddressesTheSameResource() {
			serve(shop());
			get("/items/").expectStatus().isOk().expectBody().json("{\"list\": true}");
		}

	}

	@Nested
	class NoMatch {

		@Test
		void unknownPathReturnsMissingAuthenticationToken() {
			serve(shop());
			assertMissingAuthenticationToken(get("/nothing/here"));
		}

		@Test
		void verbWithoutMethodReturnsMissingAuthenticationToken() {
			serve(shop());
			assertMissingAuthenticationToken(client.post().uri("/restapis/shop/prod/_user_request_/items").exchange());
		}

		@Test
		void headDoesNotFallBackToGet() {
			serve(shop());
			client.head()
				.uri("/restapis/shop/prod/_user_request_/items")
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "MissingAuthenticationTokenException");
		}

		@Test
		void unknownApiReturnsMissingAuthenticationToken() {
			assertMissingAuthenticationToken(
					client.get().uri("/restapis/nosuchapi/prod/_user_request_/items").exchange());
		}

		@Test
		void requestOutsideAnyInvokeUrlReturnsMissingAuthenticationToken() {
			assertMissingAuthenticationToken(client.get().uri("/whatever").exchange());
		}

		@Test
		void unknownStageReturnsForbidden() {
			serve(shop());
			client.get()
				.uri("/restapis/shop/nostage/_user_request_/items")
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "ForbiddenException")
				.expectHeader()
				.valueMatches("x-amzn-RequestId", UUID.pattern())
				.expectBody()
				.json("{\"message\":\"Forbidden\"}", true);
		}

		private void assertMissingAuthenticationToken(WebTestClient.ResponseSpec response) {
			response.expectStatus()
				.isForbidden()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "MissingAuthenticationTokenException")
				.expectHeader()
				.contentType(MediaType.APPLICATION_JSON)
				.expectHeader()
				.valueMatches("x-amzn-RequestId", UUID.pattern())
				.expectBody(String.class)
				.isEqualTo("{\"message\":\"Missing Authentication Token\"}");
		}

	}

	@Nested
	class InvokeUrls {

		@Test
		void hostStyleInvokeUrlAddressesTheApiByHost() {
			serve(shop());
			client.get()
				.uri("/prod/items")
				.header(HttpHeaders.HOST, "shop.execute-api.us-east-1.amazonaws.com")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"list\": true}");
		}

	}

	@Nested
	class HttpProxy {

		@Test
		void proxiesMethodPathQueryHeadersAndBodyToTheStageVariableBackend() throws Exception {
			serve(shop());
			byte[] body = client.put()
				.uri(URI.create("http://127.0.0.1:" + port + "/restapis/shop/prod/_user_request_/proxy/a/b%20c?x=1&x=2&y=z"))
				.header("X-Custom", "hello")
				.header("Proxy-Authorization", "Basic c2VjcmV0")
				.contentType(MediaType.TEXT_PLAIN)
				.bodyValue("payload")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Backend", "yes")
				.expectHeader()
				.valueEquals("x-amzn-Remapped-x-amzn-RequestId", "backend-request-id")
				.expectHeader()
				.valueEquals("x-amzn-Remapped-Server", "test-backend")
				.expectHeader()
				.valueMatches("x-amzn-RequestId", UUID.pattern())
				.expectBody()
				.returnResult()
				.getResponseBody();
			JsonNode echo = JSON.readTree(body);
			assertThat(echo.get("method").asString()).isEqualTo("PUT");
			assertThat(echo.get("path").asString()).isEqualTo("/echo/a/b%20c");
			assertThat(echo.get("query").get("x").toString()).isEqualTo("[\"1\",\"2\"]");
			assertThat(echo.get("query").get("y").get(0).asString()).isEqualTo("z");
			assertThat(echo.get("headers").get("x-custom").asString()).isEqualTo("hello");
			assertThat(echo.get("headers").has("proxy-authorization")).as("hop-by-hop header dropped").isFalse();
			assertThat(echo.get("headers").get("host").asString()).isEqualTo(backend.url().substring(7));
			assertThat(echo.get("body").asString()).isEqualTo("payload");
		}

		@Test
		void integrationTimeoutReturnsEndpointRequestTimedOut() {
			serve(shop());
			get("/slow").expectStatus()
				.isEqualTo(504)
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "InternalServerErrorException")
				.expectHeader()
				.valueMatches("x-amzn-RequestId", UUID.pattern())
				.expectBody(String.class)
				.isEqualTo("{\"message\":\"Endpoint request timed out\"}");
		}

		@Test
		void unreachableBackendReturnsInternalServerError() {
			serve(shop());
			get("/down").expectStatus()
				.isEqualTo(500)
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "InternalServerErrorException")
				.expectBody(String.class)
				.isEqualTo("{\"message\":\"Internal server error\"}");
		}

	}

	@Nested
	class Deployments {

		@Test
		void repointingAStageSwapsItsRoutesAndLetsInFlightRequestsFinish() throws Exception {
			ApiDefinition api = serve(shop());
			// A request in flight on deployment d1's slow-ish route (the backend answers after 600 ms).
			ApiDefinition slowProxy = withMethod(api, "/inflight", method("GET", httpProxy("GET",
					"${stageVariables.backend}/inflight?delayMs=600", 5000, Map.of())));
			ApiDefinition v1 = serve(deploy(slowProxy, "d2", "prod", Map.of()));
			int backendRequests = backend.requestCount();
			var inFlight = WebClient.create("http://127.0.0.1:" + port)
				.get()
				.uri("/restapis/shop/prod/_user_request_/inflight")
				.retrieve()
				.toEntity(String.class)
				.toFuture();
			// In flight: the backend has it (and answers 600 ms later).
			Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
				.until(() -> backend.requestCount() > backendRequests);
			ApiDefinition v2 = withMethod(v1, "/inflight", method("GET", mock("{\"deployment\": \"d3\"}")));
			serve(deploy(v2, "d3", "prod", Map.of()));
			get("/inflight").expectStatus().isOk().expectBody().json("{\"deployment\": \"d3\"}");
			var finished = inFlight.get();
			assertThat(finished.getStatusCode().value()).isEqualTo(200);
			assertThat(finished.getBody()).contains("\"path\":\"/inflight\"");
		}

		@Test
		void actuatorListsOneReadableRoutePerStageAndMethod() {
			serve(shop());
			WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + managementPort)
				.build()
				.get()
				.uri("/actuator/gateway/routes")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$[?(@.route_id == 'shop:prod:GET:/items/{itemId}')].metadata.integrationType")
				.isEqualTo("MOCK")
				.jsonPath("$[?(@.route_id == 'shop:prod:ANY:/proxy/{proxy+}')].metadata.timeoutInMillis")
				.isEqualTo(29000)
				// The integration bounds its call itself: Spring Cloud Gateway's response timeout is off.
				.jsonPath("$[?(@.route_id == 'shop:prod:ANY:/proxy/{proxy+}')].metadata.response-timeout")
				.isEqualTo(-1);
		}

	}

	@Nested
	class Canary {

		@Test
		void canaryTakesItsShareOfTrafficWithOverriddenStageVariables() {
			ApiDefinition base = shop();
			ApiDefinition changed = withMethod(base, "/version", method("GET", mock(
					"{\"version\": \"canary\", \"color\": \"$stageVariables.color\", \"extra\": \"$stageVariables.extra\", \"canary\": \"$context.isCanaryRequest\"}")));
			ApiDefinition withCanaryDeployment = changed.withDeployment("d-canary", null);
			ApiDefinition baseVersion = withMethod(withCanaryDeployment, "/version", method("GET", mock(
					"{\"version\": \"base\", \"color\": \"$stageVariables.color\", \"canary\": \"$context.isCanaryRequest\"}")));
			ApiDefinition api = deploy(baseVersion, "d-base", "prod", Map.of());
			api = api.withStage(api.stages().get("prod").withCanarySettings(new CanarySettings("d-canary", 25.0,
					Map.of("color", "green", "extra", "canary-only"), false)));
			serve(api);

			WebClient web = WebClient.create("http://127.0.0.1:" + port);
			int total = 10_000;
			AtomicInteger canary = new AtomicInteger();
						List<String> samples = Flux.range(0, total)
				.flatMap((i) -> web.get()
					.uri("/restapis/shop/prod/_user_request_/version")
					.retrieve()
					.bodyToMono(String.class), 64)
				.doOnNext((body) -> {
					if (body.contains("\"version\": \"canary\"")) {
						canary.incrementAndGet();
					}
				})
				.collectList()
				.block(Duration.ofMinutes(2));
			assertThat(samples).hasSize(total);
			double share = canary.get() * 100.0 / total;
			assertThat(share).as("canary share of %d requests", total).isBetween(22.0, 28.0);
			assertThat(samples).filteredOn((body) -> body.contains("\"version\": \"canary\""))
				.allSatisfy((body) -> assertThat(body).contains("\"color\": \"green\"")
					.contains("\"extra\": \"canary-only\"")
					.contains("\"canary\": \"true\"")
					.doesNotContain("\"version\": \"base\""));
			assertThat(samples).filteredOn((body) -> body.contains("\"version\": \"base\""))
				.allSatisfy((body) -> assertThat(body).contains("\"color\": \"blue\"").contains("\"canary\": \"false\""));
		}

		@Test
		void promotingTheCanaryServesItsDeploymentToEveryone() {
			ApiDefinition api = shop();
			api = withMethod(api, "/version", method("GET", mock("{\"version\": \"$stageVariables.color\"}")));
			api = api.withDeployment("d-new", null);
			api = api.withStage(api.stages().get("prod").withCanarySettings(new CanarySettings("d-new", 0.0,
					Map.of("color", "green"), false)));
			serve(api);
			get("/version").expectStatus().isForbidden();

			ApiDefinition promoted = api.withStage(api.stages().get("prod").promoteCanary());
			serve(promoted);
			for (int i = 0; i < 20; i++) {
				get("/version").expectStatus().isOk().expectBody().json("{\"version\": \"green\"}");
			}
		}

	}

}
