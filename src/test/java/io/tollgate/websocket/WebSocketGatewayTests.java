package io.tollgate.websocket;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.TestLambdaServer;
import io.tollgate.test.TestWebSocket;
import io.tollgate.test.TestWebSocketApis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.tollgate.test.TestWebSocketApis.deploy;
import static io.tollgate.test.TestWebSocketApis.lambdaProxy;
import static io.tollgate.test.TestWebSocketApis.withRoute;

/**
 * WebSocket APIs through a running gateway with a real WebSocket client: {@code $connect} before the upgrade,
 * messages routed by the selection expression, two-way and one-way routes, {@code $disconnect} with the close code,
 * and the {@code @connections} API through the AWS SDK's {@code ApiGatewayManagementApiClient}.
 */
class WebSocketGatewayTests extends BaseGatewayTests {

	static final TestLambdaServer lambda = new TestLambdaServer().start();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String MANAGER_KEY = "AKIDWSMANAGER";

	static final String MANAGER_SECRET = "ws-manager-secret";

	static final String OUTSIDER_KEY = "AKIDWSOUTSIDER";

	static final String OUTSIDER_SECRET = "ws-outsider-secret";

	@Autowired
	WebSocketStageTable stages;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("tollgate.lambda.endpoint", () -> lambda.endpoint().toString());
		registry.add("tollgate.lambda.access-key-id", () -> "AKIDLAMBDA");
		registry.add("tollgate.lambda.secret-access-key", () -> "lambda-secret");
		registry.add("tollgate.iam.identities[0].access-key-id", () -> MANAGER_KEY);
		registry.add("tollgate.iam.identities[0].secret-access-key", () -> MANAGER_SECRET);
		registry.add("tollgate.iam.identities[0].policy", () -> "{\"Version\":\"2012-10-17\",\"Statement\":[{"
				+ "\"Effect\":\"Allow\",\"Action\":\"execute-api:ManageConnections\","
				+ "\"Resource\":\"arn:aws:execute-api:us-east-1:000000000000:chat/prod/*\"}]}");
		registry.add("tollgate.iam.identities[1].access-key-id", () -> OUTSIDER_KEY);
		registry.add("tollgate.iam.identities[1].secret-access-key", () -> OUTSIDER_SECRET);
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
		ApiV2Definition chat = TestWebSocketApis.api("chat");
		chat = withRoute(chat, "$connect", lambdaProxy("connect"), false);
		chat = withRoute(chat, "$disconnect", lambdaProxy("disconnect"), false);
		chat = withRoute(chat, "sendmessage", lambdaProxy("echo"), true);
		chat = withRoute(chat, "oneway", lambdaProxy("echo"), false);
		chat = withRoute(chat, "fail", lambdaProxy("failing"), true);
		chat = withRoute(chat, "$default", lambdaProxy("fallback"), true);
		this.stages.serve(deploy(chat, "d1", "prod"));
		ApiV2Definition strict = withRoute(TestWebSocketApis.api("strict"), "sendmessage", lambdaProxy("echo"), true);
		this.stages.serve(deploy(strict, "d1", "prod"));
		ApiV2Definition mocked = TestWebSocketApis.api("mocked");
		mocked = withRoute(mocked, "$connect", TestWebSocketApis.mock("refuse", 401), false);
		mocked = mocked.withIntegrationResponse("refuse", TestWebSocketApis.response("$default", ""));
		mocked = withRoute(mocked, "$default", TestWebSocketApis.mock("whoami", 200), true);
		mocked = mocked.withIntegrationResponse("whoami", TestWebSocketApis.response("$default",
				"{\"connectionId\": \"$context.connectionId\", \"route\": \"$context.routeKey\"}"));
		this.stages.serve(deploy(mocked, "d1", "prod"));
		ApiV2Definition open = withRoute(TestWebSocketApis.api("open"), "$default",
				TestWebSocketApis.mock("whoami", 200), true);
		open = open.withIntegrationResponse("whoami", TestWebSocketApis.response("/2\\d\\d/",
				"{\"connectionId\": \"$context.connectionId\", \"route\": \"$context.routeKey\"}"));
		this.stages.serve(deploy(open, "d1", "prod"));
	}

	URI uri(String apiId, String stage) {
		return URI.create("ws://127.0.0.1:" + this.port + "/restapis/" + apiId + "/" + stage + "/_user_request_");
	}

	ApiGatewayManagementApiClient connections(String apiId, String key, String secret) {
		return ApiGatewayManagementApiClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + this.port + "/restapis/" + apiId + "/prod/_user_request_"))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
			.httpClient(ApacheHttpClient.create())
			.build();
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
				assertThat(context.get("apiId").asString()).isEqualTo("chat");
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
		void aOneWayRouteSendsNothingBack() {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"))) {
				client.send("{\"action\":\"oneway\"}");
				client.send("{\"action\":\"sendmessage\"}");
				assertThat(client.nextMessage()).isEqualTo("echo:{\"action\":\"sendmessage\"}");
				assertThat(lambda.events("echo")).hasSize(2);
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
		void aConnectionThatNeverExistedOrIsOfAnotherApiIsGone() {
			try (TestWebSocket client = TestWebSocket.connect(uri("chat", "prod"));
					ApiGatewayManagementApiClient connections = connections("strict", MANAGER_KEY, MANAGER_SECRET);
					ApiGatewayManagementApiClient chat = connections("chat", MANAGER_KEY, MANAGER_SECRET)) {
				assertThatThrownBy(() -> chat.postToConnection((post) -> post.connectionId("AAAAAAAAAAAAAAA=")
					.data(SdkBytes.fromUtf8String("x")))).isInstanceOf(GoneException.class);
				String connectionId = connectionIdOf(lambda.lastEvent("connect"));
				// The manager may manage "strict" too? No: its policy names chat only.
				assertThatThrownBy(() -> connections.getConnection((get) -> get.connectionId(connectionId)))
					.isInstanceOf(ForbiddenException.class);
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
				.uri("/restapis/chat/prod/_user_request_/@connections/AAAAAAAAAAAAAAA=")
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

}
