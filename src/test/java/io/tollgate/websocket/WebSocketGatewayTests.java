package io.tollgate.websocket;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.tollgate.domain.DomainRegistry;
import io.tollgate.test.BaseV2AdminTests;
import io.tollgate.test.TestBackend;
import io.tollgate.test.TestDomainWebSocket;
import io.tollgate.test.TestLambdaServer;
import io.tollgate.test.TestWebSocket;
import io.tollgate.test.TestWebSocketApis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.ParameterConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * WebSocket APIs through a running gateway with a real WebSocket client: {@code $connect} before the upgrade,
 * messages routed by the selection expression, two-way and one-way routes, {@code $disconnect} with the close code,
 * and the {@code @connections} API through the AWS SDK's {@code ApiGatewayManagementApiClient}.
 */
class WebSocketGatewayTests extends BaseV2AdminTests {

	static final TestLambdaServer lambda = new TestLambdaServer().start();

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String MANAGER_KEY = "AKIDWSMANAGER";

	static final String MANAGER_SECRET = "ws-manager-secret";

	static final String OUTSIDER_KEY = "AKIDWSOUTSIDER";

	static final String OUTSIDER_SECRET = "ws-outsider-secret";

	static final String CALLER_KEY = "AKIDWSCALLER";

	static final String CALLER_SECRET = "ws-caller-secret";

	static final String SESSION_KEY = "ASIAWSSESSION";

	static final String SESSION_SECRET = "ws-session-secret";

	static final String SESSION_TOKEN = "ws-session-token";

	/** May connect to the {@code prod} stage of any API. */
	static final String CONNECT_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
			+ "\"Action\":\"execute-api:Invoke\",\"Resource\":\"arn:aws:execute-api:us-east-1:000000000000:*/prod/$connect\"}]}";

	@Autowired
	DomainRegistry domainRegistry;

	/** The APIs of the class by name: created once through the management API, their ids generated. */
	static final Map<String, String> apis = new java.util.concurrent.ConcurrentHashMap<>();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("tollgate.lambda.endpoint", () -> lambda.endpoint().toString());
		registry.add("tollgate.lambda.access-key-id", () -> "AKIDLAMBDA");
		registry.add("tollgate.lambda.secret-access-key", () -> "lambda-secret");
		registry.add("tollgate.iam.identities[0].access-key-id", () -> MANAGER_KEY);
		registry.add("tollgate.iam.identities[0].secret-access-key", () -> MANAGER_SECRET);
		registry.add("tollgate.iam.identities[0].policy", () -> "{\"Version\":\"2012-10-17\",\"Statement\":[{"
				+ "\"Effect\":\"Allow\",\"Action\":\"execute-api:ManageConnections\","
				+ "\"Resource\":\"arn:aws:execute-api:us-east-1:000000000000:*/prod/*\"}]}");
		registry.add("tollgate.iam.identities[1].access-key-id", () -> OUTSIDER_KEY);
		registry.add("tollgate.iam.identities[1].secret-access-key", () -> OUTSIDER_SECRET);
		registry.add("tollgate.iam.identities[2].access-key-id", () -> CALLER_KEY);
		registry.add("tollgate.iam.identities[2].secret-access-key", () -> CALLER_SECRET);
		registry.add("tollgate.iam.identities[2].arn", () -> "arn:aws:iam::000000000000:user/ws-caller");
		registry.add("tollgate.iam.identities[2].policy", () -> CONNECT_POLICY);
		registry.add("tollgate.iam.identities[3].access-key-id", () -> SESSION_KEY);
		registry.add("tollgate.iam.identities[3].secret-access-key", () -> SESSION_SECRET);
		registry.add("tollgate.iam.identities[3].session-token", () -> SESSION_TOKEN);
		registry.add("tollgate.iam.identities[3].policy", () -> CONNECT_POLICY);
	}

	@AfterAll
	static void stopLambda() {
		lambda.stop();
	}

	@BeforeEach
	void chatApi() {
		lambda.register("connect", (event) -> {
			JsonNode query = event.get("queryStringParameters");
			if (query != null && query.has("deny")) {
				return Map.of("statusCode", 403);
			}
			JsonNode protocol = event.get("headers").get("Sec-WebSocket-Protocol");
			return (protocol != null)
					? Map.of("statusCode", 200, "headers", Map.of("Sec-WebSocket-Protocol", protocol.asString()))
					: Map.of("statusCode", 200);
		});
		lambda.register("echo", (event) -> Map.of("statusCode", 200, "body", "echo:" + event.get("body").asString()));
		lambda.register("fallback", (event) -> Map.of("body", "default:" + event.get("body").asString()));
		lambda.register("failing", (event) -> {
			throw new IllegalStateException("boom");
		});
		lambda.register("disconnect", (event) -> Map.of("statusCode", 200));
		lambda.register("counted", (event) -> Map.of("body", "counted:" + event.get("body").asString()));
		lambda.register("authorizer", (event) -> {
			String token = event.get("queryStringParameters").get("token").asString();
			if (token.equals("unknown")) {
				throw new IllegalStateException("Unauthorized");
			}
			return Map.of("principalId", "user-" + token, "context", Map.of("tier", 2), "policyDocument",
					Map.of("Version", "2012-10-17", "Statement", java.util.List.of(Map.of("Action",
							"execute-api:Invoke", "Effect", token.equals("deny") ? "Deny" : "Allow", "Resource",
							event.get("methodArn").asString()))));
		});
		if (apis.isEmpty()) {
			TestWebSocketApis.Created chat = TestWebSocketApis.create(this.v2, "chat");
			String echo = chat.lambdaProxy("echo");
			chat.route("$connect", chat.lambdaProxy("connect"), false)
				.route("$disconnect", chat.lambdaProxy("disconnect"), false)
				.route("sendmessage", echo, true)
				.route("oneway", echo, false)
				.route("fail", chat.lambdaProxy("failing"), true)
				.route("$default", chat.lambdaProxy("fallback"), true);
			apis.put("chat", chat.deploy("prod"));
			TestWebSocketApis.Created strict = TestWebSocketApis.create(this.v2, "strict");
			apis.put("strict", strict.route("sendmessage", strict.lambdaProxy("echo"), true).deploy("prod"));
			String whoami = "{\"connectionId\": \"$context.connectionId\", \"route\": \"$context.routeKey\"}";
			TestWebSocketApis.Created mocked = TestWebSocketApis.create(this.v2, "mocked");
			apis.put("mocked", mocked.route("$connect", mocked.mock(401, "$default", ""), false).deploy("prod"));
			TestWebSocketApis.Created open = TestWebSocketApis.create(this.v2, "open");
			apis.put("open", open.route("$default", open.mock(200, "/2\\d\\d/", whoami), true).deploy("prod"));
			TestWebSocketApis.Created guarded = TestWebSocketApis.create(this.v2, "guarded");
			String authorizerId = this.v2.createAuthorizer((authorizer) -> authorizer.apiId(guarded.apiId())
				.name("token")
				.authorizerType(software.amazon.awssdk.services.apigatewayv2.model.AuthorizerType.REQUEST)
				.authorizerUri(TestLambdaServer.invocationUri("authorizer"))
				.identitySource("route.request.querystring.token")).authorizerId();
			String guardedEcho = guarded.lambdaProxy("echo");
			this.v2.createRoute((route) -> route.apiId(guarded.apiId())
				.routeKey("$connect")
				.authorizationType(software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType.CUSTOM)
				.authorizerId(authorizerId));
			apis.put("guarded", guarded.route("$default", guardedEcho, true).deploy("prod"));
			TestWebSocketApis.Created throttled = TestWebSocketApis.create(this.v2, "throttled");
			throttled.route("$connect", throttled.lambdaProxy("connect"), false)
				.route("limited", throttled.lambdaProxy("counted"), true)
				.route("$default", throttled.lambdaProxy("fallback"), true);
			// Buckets that never refill: what a test takes from them stays taken.
			throttled.deploy("prod", Map.of("limited", TestWebSocketApis.Created.throttling(2, 0)));
			throttled.deploy("gate", Map.of("$connect", TestWebSocketApis.Created.throttling(1, 0)));
			apis.put("throttled", throttled.deploy("live"));
			TestWebSocketApis.Created iam = TestWebSocketApis.create(this.v2, "iam");
			String iamConnect = iam.lambdaProxy("connect");
			this.v2.createRoute((route) -> route.apiId(iam.apiId())
				.routeKey("$connect")
				.authorizationType(software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType.AWS_IAM)
				.target("integrations/" + iamConnect));
			apis.put("iam", iam.route("$default", iam.lambdaProxy("echo"), true).deploy("prod"));
			TestWebSocketApis.Created binary = TestWebSocketApis.create(this.v2, "binary");
			String raw = this.v2.createIntegration((integration) -> integration.apiId(binary.apiId())
				.integrationType(software.amazon.awssdk.services.apigatewayv2.model.IntegrationType.HTTP)
				.integrationMethod("POST")
				.integrationUri(backend.url() + "/raw?raw=1")
				.contentHandlingStrategy(
						software.amazon.awssdk.services.apigatewayv2.model.ContentHandlingStrategy.CONVERT_TO_BINARY))
				.integrationId();
			this.v2.createIntegrationResponse((response) -> response.apiId(binary.apiId())
				.integrationId(raw)
				.integrationResponseKey("$default")
				.contentHandlingStrategy(
						software.amazon.awssdk.services.apigatewayv2.model.ContentHandlingStrategy.CONVERT_TO_TEXT));
			apis.put("binary", binary.route("$default", raw, true).deploy("prod"));
		}
	}

	URI uri(String api, String stage) {
		return URI.create("ws://127.0.0.1:" + this.port + "/restapis/" + apis.get(api) + "/" + stage
				+ "/_user_request_");
	}

	ApiGatewayManagementApiClient connections(String api, String key, String secret) {
		return ApiGatewayManagementApiClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + this.port + "/restapis/" + apis.get(api)
					+ "/prod/_user_request_"))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
			.httpClient(ApacheHttpClient.create())
			.build();
	}

	/** The headers of a handshake to {@code uri} signed by the AWS SDK's SigV4 signer for {@code execute-api}. */
	static Map<String, String> signed(URI uri, String key, String secret, @Nullable String sessionToken) {
		URI http = URI.create(uri.toString().replaceFirst("^ws", "http"));
		AwsCredentialsIdentity credentials = (sessionToken != null)
				? AwsSessionCredentialsIdentity.create(key, secret, sessionToken)
				: AwsCredentialsIdentity.create(key, secret);
		SignedRequest signed = AwsV4HttpSigner.create()
			.sign((sign) -> sign.request(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(http).build())
				.identity(credentials)
				.payload(ContentStreamProvider.fromByteArray(new byte[0]))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
				.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
		Map<String, String> headers = new java.util.LinkedHashMap<>();
		// The client sends Host itself, as signed.
		signed.request().forEachHeader((name, values) -> {
			if (!name.equalsIgnoreCase("Host")) {
				headers.put(name, values.get(0));
			}
		});
		return headers;
	}

	/** A raw handshake with these headers, expected to be refused with 403. */
	org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec refusedHandshake(URI uri,
			Map<String, String> headers) {
		return rawHandshake(uri.getRawPath(), headers).expectStatus().isForbidden();
	}

	/** A handshake sent through the test client, whose refusal's status, headers and body can be read. */
	org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec rawHandshake(String path,
			Map<String, String> headers) {
		return this.client.get()
			.uri(path)
			.headers((sent) -> headers.forEach(sent::set))
			.header("Connection", "Upgrade")
			.header("Upgrade", "websocket")
			.header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
			.header("Sec-WebSocket-Version", "13")
			.exchange();
	}

	static String connectionIdOf(JsonNode event) {
		return event.get("requestContext").get("connectionId").asString();
	}

	@Nested
	class Connecting {

		@Test
		void connectRunsTheConnectRouteBeforeTheUpgradeWithTheHandshakeHeaders() {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"), Map.of("X-Client", "tests"))) {
				JsonNode event = lambda.lastEvent("connect");
				JsonNode context = event.get("requestContext");
				assertThat(context.get("eventType").asString()).isEqualTo("CONNECT");
				assertThat(context.get("routeKey").asString()).isEqualTo("$connect");
				assertThat(context.get("stage").asString()).isEqualTo("prod");
				assertThat(context.get("apiId").asString()).isEqualTo(apis.get("chat"));
				assertThat(context.get("messageDirection").asString()).isEqualTo("IN");
				assertThat(connectionIdOf(event)).matches("[A-Za-z0-9]{15}=");
				assertThat(context.get("identity").get("sourceIp").asString()).isEqualTo("127.0.0.1");
				assertThat(event.get("headers").get("X-Client").asString()).isEqualTo("tests");
				assertThat(event.get("headers").has("Sec-WebSocket-Key")).isTrue();
				assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
				assertThat(event.has("body")).isFalse();
			}
		}

		@Test
		void aNon2xxConnectAnswerRefusesTheHandshakeWithThatStatus() {
			assertThat(TestWebSocket.refusal(URI.create(uri("chat", "prod") + "?deny=1"), Map.of())).isEqualTo(403);
		}

		@Test
		void theSubprotocolTheConnectRouteEchoesIsTheConnectionsProtocol() {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"), Map.of(), "chat.v1")) {
				assertThat(client.socket().getSubprotocol()).isEqualTo("chat.v1");
			}
		}

		@Test
		void aMockConnectAnswering401RefusesTheHandshakeWith401() {
			assertThat(TestWebSocket.refusal(uri("mocked", "prod"), Map.of())).isEqualTo(401);
		}

		@Test
		void aRequestAuthorizerOnConnectDecidesTheHandshakeAndItsOutputReachesEveryLaterEvent() {
			assertThat(TestWebSocket.refusal(uri("guarded", "prod"), Map.of())).isEqualTo(401);
			assertThat(TestWebSocket.refusal(URI.create(uri("guarded", "prod") + "?token=unknown"), Map.of()))
				.isEqualTo(401);
			assertThat(TestWebSocket.refusal(URI.create(uri("guarded", "prod") + "?token=deny"), Map.of()))
				.isEqualTo(403);
			try (TestWebSocket client = TestWebSocket.connect(URI.create(uri("guarded", "prod") + "?token=alice"))) {
				JsonNode authorizerEvent = lambda.lastEvent("authorizer");
				assertThat(authorizerEvent.get("type").asString()).isEqualTo("REQUEST");
				assertThat(authorizerEvent.get("methodArn").asString())
					.isEqualTo("arn:aws:execute-api:us-east-1:000000000000:" + apis.get("guarded") + "/prod/$connect");
				client.send("hello");
				assertThat(client.nextMessage()).isEqualTo("echo:hello");
				JsonNode authorizer = lambda.lastEvent("echo").get("requestContext").get("authorizer");
				assertThat(authorizer.get("principalId").asString()).isEqualTo("user-alice");
				assertThat(authorizer.get("tier").asString()).isEqualTo("2");
			}
		}

		@Test
		void anIamConnectAdmitsAHandshakeSignedByAnAllowedIdentityWhoseIdentityReachesEveryLaterEvent() {
			URI uri = uri("iam", "prod");
			try (TestWebSocket client = TestWebSocket.connect(uri, signed(uri, CALLER_KEY, CALLER_SECRET, null))) {
				client.send("who am i");
				assertThat(client.nextMessage()).isEqualTo("echo:who am i");
				JsonNode identity = lambda.lastEvent("echo").get("requestContext").get("identity");
				assertThat(identity.get("userArn").asString()).isEqualTo("arn:aws:iam::000000000000:user/ws-caller");
				assertThat(identity.get("accountId").asString()).isEqualTo("000000000000");
				assertThat(identity.get("user").asString()).isEqualTo("ws-caller");
				assertThat(identity.get("accessKey").asString()).isEqualTo(CALLER_KEY);
			}
			Map<String, String> session = signed(uri, SESSION_KEY, SESSION_SECRET, SESSION_TOKEN);
			try (TestWebSocket client = TestWebSocket.connect(uri, session)) {
				assertThat(client.isClosed()).isFalse();
			}
		}

		@Test
		void anIamConnectRefusesAHandshakeUnsignedBadlySignedOrOfAnIdentityNotAllowedWith403() {
			URI uri = uri("iam", "prod");
			int connects = lambda.events("connect").size();
			refusedHandshake(uri, Map.of()).expectHeader()
				.valueEquals("x-amzn-ErrorType", "MissingAuthenticationTokenException")
				.expectBody()
				.json("{\"message\":\"Missing Authentication Token\"}");
			refusedHandshake(uri, signed(uri, CALLER_KEY, "not-the-secret", null)).expectHeader()
				.valueEquals("x-amzn-ErrorType", "InvalidSignatureException")
				.expectBody()
				.jsonPath("$.message")
				.value((String message) -> assertThat(message)
					.startsWith("The request signature we calculated does not match the signature you provided."));
			refusedHandshake(uri, signed(uri, "AKIDWSNOBODY", "unknown-secret", null)).expectHeader()
				.valueEquals("x-amzn-ErrorType", "UnrecognizedClientException");
			// Temporary credentials without their session token are not those credentials.
			refusedHandshake(uri, signed(uri, SESSION_KEY, SESSION_SECRET, null)).expectHeader()
				.valueEquals("x-amzn-ErrorType", "UnrecognizedClientException");
			refusedHandshake(uri, signed(uri, OUTSIDER_KEY, OUTSIDER_SECRET, null)).expectHeader()
				.valueEquals("x-amzn-ErrorType", "ForbiddenException")
				.expectBody()
				.json("{\"message\":\"Forbidden\"}");
			assertThat(TestWebSocket.refusal(uri, signed(uri, CALLER_KEY, "not-the-secret", null))).isEqualTo(403);
			assertThat(lambda.events("connect")).hasSize(connects);
		}

		@Test
		void anUnknownStageOfAWebSocketApiIsForbidden() {
			assertThat(TestWebSocket.refusal(uri("chat", "nostage"), Map.of())).isEqualTo(403);
		}

	}

	@Nested
	class Messages {

		@Test
		void aMessageGoesToTheRouteItsActionSelectsAndATwoWayRouteReplies() {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"))) {
				client.send("{\"action\":\"sendmessage\",\"text\":\"hi\"}");
				assertThat(client.nextMessage()).isEqualTo("echo:{\"action\":\"sendmessage\",\"text\":\"hi\"}");
				JsonNode event = lambda.lastEvent("echo");
				JsonNode context = event.get("requestContext");
				assertThat(context.get("eventType").asString()).isEqualTo("MESSAGE");
				assertThat(context.get("routeKey").asString()).isEqualTo("sendmessage");
				assertThat(context.get("messageId").asString()).matches("[A-Za-z0-9]{15}=");
				assertThat(event.has("headers")).isFalse();
				assertThat(connectionIdOf(event)).isEqualTo(connectionIdOf(lambda.lastEvent("connect")));
			}
		}

		@Test
		void textThatIsNotJsonAndUnmatchedActionsGoToDefault() {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"))) {
				client.send("plain text");
				assertThat(client.nextMessage()).isEqualTo("default:plain text");
				client.send("{\"action\":\"unknown\"}");
				assertThat(client.nextMessage()).isEqualTo("default:{\"action\":\"unknown\"}");
				assertThat(lambda.lastEvent("fallback").get("requestContext").get("routeKey").asString())
					.isEqualTo("$default");
			}
		}

		@Test
		void aOneWayRouteSendsNothingBack() throws InterruptedException {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"))) {
				client.send("{\"action\":\"oneway\"}");
				client.send("{\"action\":\"sendmessage\"}");
				assertThat(client.nextMessage()).isEqualTo("echo:{\"action\":\"sendmessage\"}");
				// Messages of a connection run at once: the one-way message's invocation may still be on its way.
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lambda.events("echo").size() == 2);
				assertThat(client.pollMessage(Duration.ofMillis(200))).isNull();
			}
		}

		@Test
		void withoutDefaultAnUnmatchedMessageGetsForbiddenAndTheConnectionStays() {
			try (TestWebSocket client = TestWebSocket.connect(uri("strict", "prod"))) {
				client.send("{\"action\":\"nothing\"}");
				JsonNode error = JSON.readTree(client.nextMessage());
				assertThat(error.get("message").asString()).isEqualTo("Forbidden");
				assertThat(error.get("connectionId").asString()).matches("[A-Za-z0-9]{15}=");
				assertThat(error.has("requestId")).isTrue();
				client.send("{\"action\":\"sendmessage\"}");
				assertThat(client.nextMessage()).isEqualTo("echo:{\"action\":\"sendmessage\"}");
			}
		}

		@Test
		void aFailingIntegrationAnswersInternalServerErrorOnTheSocket() {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"))) {
				client.send("{\"action\":\"fail\"}");
				assertThat(JSON.readTree(client.nextMessage()).get("message").asString())
					.isEqualTo("Internal server error");
				assertThat(client.isClosed()).isFalse();
			}
		}

		@Test
		void connectsAndMessagesAreCountedPerApiAndStage() {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"))) {
				client.send("{\"action\":\"sendmessage\"}");
				client.nextMessage();
			}
			String scrape = scrape();
			assertThat(scrape).contains("tollgate_websocket_connects_total{api_id=\"" + apis.get("chat") + "\",stage=\"prod\"}")
				.contains("tollgate_websocket_messages_total{api_id=\"" + apis.get("chat") + "\",direction=\"in\",stage=\"prod\"}")
				.contains("tollgate_websocket_integration_latency_seconds_count{api_id=\"" + apis.get("chat"));
		}

		@Test
		void aMockRouteRepliesWithItsIntegrationResponseTemplate() {
			try (TestWebSocket client = TestWebSocket.connect(uri("open", "prod"))) {
				client.send("anything");
				JsonNode reply = JSON.readTree(client.nextMessage());
				assertThat(reply.get("connectionId").asString()).matches("[A-Za-z0-9]{15}=");
				assertThat(reply.get("route").asString()).isEqualTo("$default");
			}
		}

		@Test
		void aMessageInFragmentsIsOneMessage() {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"))) {
				client.sendFragments("{\"action\":", "\"sendmessage\"", "}");
				assertThat(client.nextMessage()).isEqualTo("echo:{\"action\":\"sendmessage\"}");
			}
		}

	}

	@Nested
	class BinaryPayloads {

		@Test
		void base64TextIsDecodedForTheBackendAndItsBinaryAnswerIsBase64EncodedForTheClient() {
			// Not UTF-8: they arrive back only if both conversions keep every byte.
			byte[] bytes = { 0, (byte) 0xff, (byte) 0x80, 'h', 'i', (byte) 0xc3, 0x28 };
			String base64 = java.util.Base64.getEncoder().encodeToString(bytes);
			try (TestWebSocket client = TestWebSocket.connect(uri("binary", "prod"))) {
				client.send(base64);
				assertThat(client.nextMessage()).isEqualTo(base64);
			}
		}

	}

	@Nested
	class Throttling {

		@Test
		void aMessageBeyondItsRoutesThrottleGetsTooManyRequestsOnTheSocketAndNeverReachesTheIntegration() {
			try (TestWebSocket client = TestWebSocket.connect(uri("throttled", "prod"))) {
				client.send("{\"action\":\"limited\",\"n\":1}");
				assertThat(client.nextMessage()).isEqualTo("counted:{\"action\":\"limited\",\"n\":1}");
				client.send("{\"action\":\"limited\",\"n\":2}");
				assertThat(client.nextMessage()).isEqualTo("counted:{\"action\":\"limited\",\"n\":2}");
				client.send("{\"action\":\"limited\",\"n\":3}");
				JsonNode error = JSON.readTree(client.nextMessage());
				assertThat(error.get("message").asString()).isEqualTo("Too Many Requests");
				assertThat(error.get("connectionId").asString())
					.isEqualTo(connectionIdOf(lambda.lastEvent("connect")));
				assertThat(error.get("requestId").asString()).isNotEmpty();
				assertThat(lambda.events("counted")).extracting((event) -> event.get("body").asString())
					.doesNotContain("{\"action\":\"limited\",\"n\":3}");
				// Other routes have their own throttle, and the connection stays open.
				client.send("plain");
				assertThat(client.nextMessage()).isEqualTo("default:plain");
				assertThat(client.isClosed()).isFalse();
			}
			assertThat(scrape()).contains("tollgate_websocket_client_errors_total{api_id=\"" + apis.get("throttled")
					+ "\",stage=\"prod\"} 1.0")
				.contains("tollgate_usage_throttled_total{api_id=\"" + apis.get("throttled")
						+ "\",limit=\"stage_route\",stage=\"prod\",usage_plan=\"none\"} 1.0");
		}

		@Test
		void aHandshakeBeyondTheConnectThrottleIsRefusedWith429BeforeItsIntegrationRuns() {
			try (TestWebSocket admitted = TestWebSocket.connect(uri("throttled", "gate"))) {
				assertThat(admitted.isClosed()).isFalse();
			}
			assertThat(TestWebSocket.refusal(uri("throttled", "gate"), Map.of())).isEqualTo(429);
			rawHandshake(uri("throttled", "gate").getRawPath(), Map.of())
				.expectStatus()
				.isEqualTo(429)
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "TooManyRequestsException")
				.expectBody()
				.json("{\"message\":\"Too Many Requests\"}");
			assertThat(lambda.events("connect")).filteredOn((event) -> apis.get("throttled")
				.equals(event.get("requestContext").get("apiId").asString())
					&& "gate".equals(event.get("requestContext").get("stage").asString()))
				.hasSize(1);
		}

		@Test
		void throttlingSetWithUpdateStageAppliesToTheNextMessagesOfOpenConnections() {
			try (TestWebSocket client = TestWebSocket.connect(uri("throttled", "live"))) {
				client.send("{\"action\":\"limited\"}");
				assertThat(client.nextMessage()).isEqualTo("counted:{\"action\":\"limited\"}");
				WebSocketGatewayTests.this.v2.updateStage((stage) -> stage.apiId(apis.get("throttled"))
					.stageName("live")
					.routeSettings(Map.of("limited", TestWebSocketApis.Created.throttling(0, 0))));
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
					client.send("{\"action\":\"limited\"}");
					return client.nextMessage().contains("Too Many Requests");
				});
				client.send("{\"action\":\"other\"}");
				assertThat(client.nextMessage()).isEqualTo("default:{\"action\":\"other\"}");
			}
		}

	}

	String scrape() {
		return org.springframework.test.web.reactive.server.WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	@Nested
	class Disconnecting {

		@Test
		void disconnectRunsWithTheClientsCloseCode() {
			TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"));
			String connectionId = connectionIdOf(lambda.lastEvent("connect"));
			client.socket().sendClose(1001, "bye").join();
			JsonNode event = awaitDisconnect(connectionId);
			JsonNode context = event.get("requestContext");
			assertThat(context.get("eventType").asString()).isEqualTo("DISCONNECT");
			assertThat(context.get("routeKey").asString()).isEqualTo("$disconnect");
			assertThat(context.get("disconnectStatusCode").asInt()).isEqualTo(1001);
			assertThat(event.get("headers").has("Host")).isTrue();
		}

	}

	JsonNode awaitDisconnect(String connectionId) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> lambda.events("disconnect")
				.stream()
				.filter((event) -> connectionIdOf(event).equals(connectionId))
				.findFirst()
				.orElse(null), (event) -> event != null);
	}

	@Nested
	class ConnectionsApi {

		@Test
		void postReachesTheClientGetDescribesItDeleteClosesItWith1000AndThenItIsGone() {
			TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"), Map.of("User-Agent", "ws-tests"));
			String connectionId = connectionIdOf(lambda.lastEvent("connect"));
			try (ApiGatewayManagementApiClient connections = connections("chat", MANAGER_KEY, MANAGER_SECRET)) {
				connections.postToConnection((post) -> post.connectionId(connectionId)
					.data(SdkBytes.fromString("pushed ✓", StandardCharsets.UTF_8)));
				assertThat(client.nextMessage()).isEqualTo("pushed ✓");

				GetConnectionResponse described = connections.getConnection((get) -> get.connectionId(connectionId));
				assertThat(described.identity().sourceIp()).isEqualTo("127.0.0.1");
				assertThat(described.identity().userAgent()).isEqualTo("ws-tests");
				assertThat(described.connectedAt()).isNotNull();
				assertThat(described.lastActiveAt()).isAfterOrEqualTo(described.connectedAt());

				connections.deleteConnection((delete) -> delete.connectionId(connectionId));
				assertThat(client.closeCode()).isEqualTo(1000);
				JsonNode disconnect = awaitDisconnect(connectionId).get("requestContext");
				assertThat(disconnect.get("disconnectStatusCode").asInt()).isEqualTo(1000);
				assertThat(disconnect.get("disconnectReason").asString()).isEqualTo("Connection Closed Normally");

				assertThatThrownBy(() -> connections.postToConnection((post) -> post.connectionId(connectionId)
					.data(SdkBytes.fromUtf8String("late")))).isInstanceOfSatisfying(GoneException.class,
							(gone) -> assertThat(gone.statusCode()).isEqualTo(410));
				assertThatThrownBy(() -> connections.getConnection((get) -> get.connectionId(connectionId)))
					.isInstanceOf(GoneException.class);
			}
		}

		@Test
		void aConnectionIsReachableAsSoonAsItsHandshakeIsAnswered() {
			try (ApiGatewayManagementApiClient connections = connections("chat", MANAGER_KEY, MANAGER_SECRET)) {
				for (int i = 0; i < 10; i++) {
					try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"))) {
						String connectionId = connectionIdOf(lambda.lastEvent("connect"));
						String message = "at once " + i;
						connections.postToConnection((post) -> post.connectionId(connectionId)
							.data(SdkBytes.fromUtf8String(message)));
						assertThat(client.nextMessage()).isEqualTo(message);
					}
				}
			}
		}

		@Test
		void aConnectionThatNeverExistedOrIsOfAnotherApiIsGone() {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"));
					ApiGatewayManagementApiClient strict = connections("strict", MANAGER_KEY, MANAGER_SECRET);
					ApiGatewayManagementApiClient chat = connections("chat", MANAGER_KEY, MANAGER_SECRET)) {
				assertThatThrownBy(() -> chat.postToConnection((post) -> post.connectionId("AAAAAAAAAAAAAAA=")
					.data(SdkBytes.fromUtf8String("x")))).isInstanceOf(GoneException.class);
				String connectionId = connectionIdOf(lambda.lastEvent("connect"));
				assertThatThrownBy(() -> strict.getConnection((get) -> get.connectionId(connectionId)))
					.isInstanceOf(GoneException.class);
				assertThat(chat.getConnection((get) -> get.connectionId(connectionId)).connectedAt()).isNotNull();
			}
		}

		@Test
		void anIdentityWithoutManageConnectionsIsForbidden() {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"));
					ApiGatewayManagementApiClient connections = connections("chat", OUTSIDER_KEY, OUTSIDER_SECRET)) {
				String connectionId = connectionIdOf(lambda.lastEvent("connect"));
				assertThatThrownBy(() -> connections.postToConnection((post) -> post.connectionId(connectionId)
					.data(SdkBytes.fromUtf8String("x")))).isInstanceOfSatisfying(ForbiddenException.class,
							(forbidden) -> assertThat(forbidden.statusCode()).isEqualTo(403));
			}
		}

		@Test
		void anUnsignedCallIsRefused() {
			this.client().post()
				.uri("/restapis/" + apis.get("chat") + "/prod/_user_request_/@connections/AAAAAAAAAAAAAAA=")
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "MissingAuthenticationTokenException");
		}

		@Test
		void aPayloadOver128KbIsTooLarge() {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"));
					ApiGatewayManagementApiClient connections = connections("chat", MANAGER_KEY, MANAGER_SECRET)) {
				String connectionId = connectionIdOf(lambda.lastEvent("connect"));
				assertThatThrownBy(() -> connections.postToConnection((post) -> post.connectionId(connectionId)
					.data(SdkBytes.fromByteArray(new byte[128 * 1024 + 1]))))
					.isInstanceOfSatisfying(software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException.class,
							(tooLarge) -> assertThat(tooLarge.statusCode()).isEqualTo(413));
				connections.postToConnection((post) -> post.connectionId(connectionId)
					.data(SdkBytes.fromUtf8String("x".repeat(128 * 1024))));
				assertThat(client.nextMessage()).hasSize(128 * 1024);
			}
		}

		private org.springframework.test.web.reactive.server.WebTestClient client() {
			return WebSocketGatewayTests.this.client;
		}

	}


	/**
	 * WebSocket APIs behind custom domains: the handshake at {@code /{apiMappingKey}} (or the root) and the
	 * {@code @connections} callback URL {@code {domain}/{apiMappingKey}}, with the mapping's stage and no stage segment.
	 */
	@Nested
	class CustomDomains {

		@BeforeEach
		void domains() {
			if (WebSocketGatewayTests.this.domainRegistry.domain("ws.example.com") != null) {
				return;
			}
			ApiGatewayV2Client v2 = WebSocketGatewayTests.this.v2;
			v2.createDomainName((r) -> r.domainName("ws.example.com"));
			v2.createApiMapping((r) -> r.domainName("ws.example.com").apiId(apis.get("chat")).stage("prod")
				.apiMappingKey("chat"));
			v2.createApiMapping((r) -> r.domainName("ws.example.com").apiId(apis.get("open")).stage("prod")
				.apiMappingKey("open"));
			String hiddenId = v2.createApi((r) -> r.name("hidden")
				.protocolType(software.amazon.awssdk.services.apigatewayv2.model.ProtocolType.WEBSOCKET)
				.routeSelectionExpression("$request.body.action")
				.disableExecuteApiEndpoint(true)).apiId();
			TestWebSocketApis.Created hidden = new TestWebSocketApis.Created(v2, hiddenId);
			String whoami = "{\"connectionId\": \"$context.connectionId\", \"route\": \"$context.routeKey\"}";
			apis.put("hidden", hidden.route("$default", hidden.mock(200, "/2\\d\\d/", whoami), true).deploy("prod"));
			v2.createApiMapping((r) -> r.domainName("ws.example.com").apiId(hiddenId).stage("prod")
				.apiMappingKey("hidden"));
			v2.createDomainName((r) -> r.domainName("root-ws.example.com"));
			v2.createApiMapping((r) -> r.domainName("root-ws.example.com").apiId(apis.get("chat")).stage("prod"));
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> mappings("ws.example.com") == 3 && mappings("root-ws.example.com") == 1);
		}

		@Test
		void theHandshakeAtTheMappingKeyReachesTheMappedStageAndEventsNameTheDomainAndTheRealStage() {
			try (TestDomainWebSocket client = TestDomainWebSocket.connect(port(), "ws.example.com", "/chat")) {
				JsonNode connect = lambda.lastEvent("connect").get("requestContext");
				assertThat(connect.get("domainName").asString()).isEqualTo("ws.example.com");
				assertThat(connect.get("stage").asString()).isEqualTo("prod");
				assertThat(connect.get("apiId").asString()).isEqualTo(apis.get("chat"));
				client.send("{\"action\":\"sendmessage\"}");
				assertThat(client.nextMessage()).isEqualTo("echo:{\"action\":\"sendmessage\"}");
				JsonNode message = lambda.lastEvent("echo").get("requestContext");
				assertThat(message.get("domainName").asString()).isEqualTo("ws.example.com");
				assertThat(message.get("stage").asString()).isEqualTo("prod");
			}
			try (TestDomainWebSocket client = TestDomainWebSocket.connect(port(), "ws.example.com", "/open")) {
				client.send("anything");
				assertThat(JSON.readTree(client.nextMessage()).get("route").asString()).isEqualTo("$default");
			}
		}

		@Test
		void theRootMappingServesTheHandshakeAtTheDomainsRoot() {
			try (TestDomainWebSocket client = TestDomainWebSocket.connect(port(), "root-ws.example.com", "/")) {
				JsonNode connect = lambda.lastEvent("connect").get("requestContext");
				assertThat(connect.get("domainName").asString()).isEqualTo("root-ws.example.com");
				assertThat(connect.get("stage").asString()).isEqualTo("prod");
			}
		}

		@Test
		void aPathNoMappingServesOrWithAStageSegmentIsForbidden() {
			assertThat(TestDomainWebSocket
				.refusal(() -> TestDomainWebSocket.connect(port(), "ws.example.com", "/prod"))).isEqualTo(403);
			assertThat(TestDomainWebSocket
				.refusal(() -> TestDomainWebSocket.connect(port(), "ws.example.com", "/chat/prod"))).isEqualTo(403);
		}

		@Test
		void theConnectionsApiAnswersAtTheDomainAndMappingKey() {
			TestDomainWebSocket client = TestDomainWebSocket.connect(port(), "ws.example.com", "/chat");
			String connectionId = connectionIdOf(lambda.lastEvent("connect"));
			try (ApiGatewayManagementApiClient connections = domainConnections("ws.example.com", "/chat")) {
				connections.postToConnection((post) -> post.connectionId(connectionId)
					.data(SdkBytes.fromUtf8String("via the domain")));
				assertThat(client.nextMessage()).isEqualTo("via the domain");
				assertThat(connections.getConnection((get) -> get.connectionId(connectionId)).connectedAt())
					.isNotNull();
				connections.deleteConnection((delete) -> delete.connectionId(connectionId));
				assertThat(client.closeCode()).isEqualTo(1000);
				assertThatThrownBy(() -> connections.postToConnection((post) -> post.connectionId(connectionId)
					.data(SdkBytes.fromUtf8String("late")))).isInstanceOf(GoneException.class);
			}
			finally {
				client.close();
			}
		}

		@Test
		void theRootMappingsCallbackUrlIsTheDomainAloneAndTheStageInItsPathFindsNoMethod() {
			try (TestDomainWebSocket client = TestDomainWebSocket.connect(port(), "root-ws.example.com", "/");
					ApiGatewayManagementApiClient root = domainConnections("root-ws.example.com", "");
					ApiGatewayManagementApiClient staged = domainConnections("root-ws.example.com", "/prod")) {
				String connectionId = connectionIdOf(lambda.lastEvent("connect"));
				root.postToConnection((post) -> post.connectionId(connectionId).data(SdkBytes.fromUtf8String("hi")));
				assertThat(client.nextMessage()).isEqualTo("hi");
				assertThatThrownBy(() -> staged.postToConnection((post) -> post.connectionId(connectionId)
					.data(SdkBytes.fromUtf8String("x")))).isInstanceOfSatisfying(ForbiddenException.class,
							(refused) -> assertThat(refused.awsErrorDetails().errorMessage())
								.isEqualTo("No method found matching route prod/@connections/"
										+ connectionId.replace("=", "%3D") + " for http method POST."));
			}
		}

		@Test
		void anApiWithTheExecuteApiEndpointDisabledIsServedOnlyThroughItsDomains() {
			assertThat(TestWebSocket.refusal(uri("hidden", "prod"), Map.of())).isEqualTo(403);
			try (TestDomainWebSocket client = TestDomainWebSocket.connect(port(), "ws.example.com", "/hidden")) {
				client.send("anything");
				String connectionId = JSON.readTree(client.nextMessage()).get("connectionId").asString();
				try (ApiGatewayManagementApiClient executeApi = connections("hidden", MANAGER_KEY, MANAGER_SECRET);
						ApiGatewayManagementApiClient domain = domainConnections("ws.example.com", "/hidden")) {
					assertThatThrownBy(() -> executeApi.getConnection((get) -> get.connectionId(connectionId)))
						.isInstanceOf(ForbiddenException.class);
					assertThat(domain.getConnection((get) -> get.connectionId(connectionId)).connectedAt())
						.isNotNull();
				}
			}
		}

		@Test
		void theConnectionsApiThroughTheDomainIsSigned() {
			WebSocketGatewayTests.this.client.post()
				.uri("/chat/@connections/AAAAAAAAAAAAAAA=")
				.header("Host", "ws.example.com")
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "MissingAuthenticationTokenException");
		}

		private int port() {
			return WebSocketGatewayTests.this.port;
		}

		private int mappings(String domainName) {
			var domain = WebSocketGatewayTests.this.domainRegistry.domain(domainName);
			return (domain != null) ? domain.apiMappings().size() : 0;
		}

		/** The SDK with its endpoint at the domain's callback URL, the domain resolving to this gateway. */
		private ApiGatewayManagementApiClient domainConnections(String domainName, String basePath) {
			return ApiGatewayManagementApiClient.builder()
				.endpointOverride(URI.create("http://" + domainName + ":" + port() + basePath))
				.region(Region.US_EAST_1)
				.credentialsProvider(StaticCredentialsProvider
					.create(AwsBasicCredentials.create(MANAGER_KEY, MANAGER_SECRET)))
				.httpClient(ApacheHttpClient.builder()
					.dnsResolver((host) -> new java.net.InetAddress[] {
							java.net.InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 1 }) })
					.build())
				.build();
		}

	}

	@Nested
	class RequestValidation {

		static final String ORDER = "{\"type\":\"object\",\"required\":[\"item\"],"
				+ "\"properties\":{\"item\":{\"type\":\"string\"}}}";

		static final String BULK_ORDER = "{\"type\":\"object\",\"required\":[\"items\"],"
				+ "\"properties\":{\"items\":{\"type\":\"array\",\"minItems\":1}}}";

		@BeforeEach
		void validatedApi() {
			lambda.register("validatedConnect", (event) -> Map.of("statusCode", 200));
			apis.computeIfAbsent("validated", (name) -> {
				ApiGatewayV2Client v2 = WebSocketGatewayTests.this.v2;
				TestWebSocketApis.Created api = TestWebSocketApis.create(v2, name);
				for (Map.Entry<String, String> model : Map.of("Order", ORDER, "BulkOrder", BULK_ORDER).entrySet()) {
					v2.createModel((create) -> create.apiId(api.apiId())
						.name(model.getKey())
						.contentType("application/json")
						.schema(model.getValue()));
				}
				String connect = api.lambdaProxy("validatedConnect");
				v2.createRoute((route) -> route.apiId(api.apiId())
					.routeKey("$connect")
					.target("integrations/" + connect)
					.requestParameters(Map.of("route.request.querystring.token", required(true),
							"route.request.header.X-Tenant", required(true), "route.request.header.X-Trace",
							required(false))));
				String echo = api.lambdaProxy("echo");
				validatedRoute(v2, api.apiId(), "order", echo, Map.of("$default", "Order", "bulk", "BulkOrder"));
				validatedRoute(v2, api.apiId(), "strictorder", echo, Map.of("retail", "Order"));
				return api.deploy("prod");
			});
		}

		private static ParameterConstraints required(boolean required) {
			return ParameterConstraints.builder().required(required).build();
		}

		/** A two-way route whose messages are validated against the model {@code $request.body.kind} selects. */
		private static void validatedRoute(ApiGatewayV2Client v2, String apiId, String routeKey, String integrationId,
				Map<String, String> requestModels) {
			String routeId = v2.createRoute((route) -> route.apiId(apiId)
				.routeKey(routeKey)
				.target("integrations/" + integrationId)
				.modelSelectionExpression("$request.body.kind")
				.requestModels(requestModels)).routeId();
			v2.createRouteResponse((response) -> response.apiId(apiId).routeId(routeId).routeResponseKey("$default"));
		}

		TestWebSocket connect() {
			return TestWebSocket.connect(URI.create(uri("validated", "prod") + "?token=t"), Map.of("X-Tenant", "a"));
		}

		static void assertBadRequestBody(String message) {
			assertThat(JSON.readTree(message).get("message").asString()).isEqualTo("Bad request body");
		}

		@Test
		void aMessageFailingItsModelGetsBadRequestBodyWithoutReachingTheBackendAndTheConnectionStays() {
			try (TestWebSocket client = connect()) {
				int before = lambda.invocations("echo");
				client.send("{\"action\":\"order\",\"item\":42}");
				String error = client.nextMessage();
				assertThat(error).startsWith("{\"message\" : \"Bad request body\", \"connectionId\": \"");
				JsonNode parsed = JSON.readTree(error);
				assertThat(parsed.get("connectionId").asString()).isEqualTo(connectionIdOf(lambda.lastEvent("validatedConnect")));
				assertThat(parsed.get("messageId").asString()).matches("[A-Za-z0-9]{15}=");
				assertThat(lambda.invocations("echo")).isEqualTo(before);
				client.send("{\"action\":\"order\",\"item\":\"tea\"}");
				assertThat(client.nextMessage()).isEqualTo("echo:{\"action\":\"order\",\"item\":\"tea\"}");
				assertThat(lambda.invocations("echo")).isEqualTo(before + 1);
			}
		}

		@Test
		void theModelSelectionExpressionPicksTheModelAndDefaultIsTheFallback() {
			try (TestWebSocket client = connect()) {
				client.send("{\"action\":\"order\",\"kind\":\"bulk\",\"items\":[]}");
				assertBadRequestBody(client.nextMessage());
				client.send("{\"action\":\"order\",\"kind\":\"bulk\",\"items\":[\"tea\"]}");
				assertThat(client.nextMessage()).startsWith("echo:");
				client.send("{\"action\":\"order\",\"kind\":\"gift\"}");
				assertBadRequestBody(client.nextMessage());
				client.send("{\"action\":\"order\",\"kind\":\"gift\",\"item\":\"tea\"}");
				assertThat(client.nextMessage()).startsWith("echo:");
			}
		}

		@Test
		void withoutAMatchingModelOrADefaultModelEveryMessageFails() {
			try (TestWebSocket client = connect()) {
				client.send("{\"action\":\"strictorder\",\"kind\":\"wholesale\",\"item\":\"tea\"}");
				assertBadRequestBody(client.nextMessage());
				client.send("{\"action\":\"strictorder\",\"kind\":\"retail\",\"item\":\"tea\"}");
				assertThat(client.nextMessage()).startsWith("echo:");
			}
		}

		@Test
		void aConnectWithoutARequiredParameterIsRefusedBeforeItsIntegrationRuns() {
			int before = lambda.invocations("validatedConnect");
			assertThat(TestWebSocket.refusal(uri("validated", "prod"), Map.of("X-Tenant", "a"))).isEqualTo(400);
			assertThat(TestWebSocket.refusal(URI.create(uri("validated", "prod") + "?token=t"), Map.of()))
				.isEqualTo(400);
			rawHandshake("/restapis/" + apis.get("validated") + "/prod/_user_request_", Map.of())
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "BadRequestException")
				.expectBody()
				.jsonPath("$.message")
				.isEqualTo("Missing required request parameters: [X-Tenant, token]");
			assertThat(lambda.invocations("validatedConnect")).isEqualTo(before);
			try (TestWebSocket client = connect()) {
				assertThat(lambda.invocations("validatedConnect")).isEqualTo(before + 1);
			}
		}

		@Test
		void refusedMessagesAndHandshakesAreClientErrorsOfTheApiAndStage() {
			double before = clientErrors();
			assertThat(TestWebSocket.refusal(uri("validated", "prod"), Map.of())).isEqualTo(400);
			try (TestWebSocket client = connect()) {
				client.send("{\"action\":\"order\"}");
				client.nextMessage();
			}
			assertThat(clientErrors()).isEqualTo(before + 2);
		}

		double clientErrors() {
			String series = "tollgate_websocket_client_errors_total{api_id=\"" + apis.get("validated")
					+ "\",stage=\"prod\"} ";
			return scrape().lines()
				.filter((line) -> line.startsWith(series))
				.mapToDouble((line) -> Double.parseDouble(line.substring(series.length()).trim()))
				.findFirst()
				.orElse(0);
		}

	}

}
