package io.tollgate.websocket;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.RouteSettings;
import io.tollgate.model.v2.Stage;
import io.tollgate.store.DefinitionStore;
import io.tollgate.test.TestLambdaServer;
import io.tollgate.test.TestRedis;
import io.tollgate.test.TestReplicas;
import io.tollgate.test.TestWebSocket;
import io.tollgate.test.TestWebSocketApis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WebSocket connections of two gateway replicas on one real Redis server. */
class WebSocketReplicasTests extends WebSocketReplicasContractTests {

	static final TestLambdaServer lambda = new TestLambdaServer().start();

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	WebSocketReplicasTests() {
		super(redis, lambda);
	}

	@AfterAll
	static void stopLambda() {
		lambda.stop();
	}

	/** On one server only: the limiter's script is the one of REST and HTTP APIs, tested on a cluster there. */
	@Test
	void aRouteThrottleIsOneBucketSharedByTheReplicas() {
		ConfigurableApplicationContext replicaA = servingMetered(this.replicas.start());
		ConfigurableApplicationContext replicaB = servingMetered(this.replicas.start());
		try (TestWebSocket onA = TestWebSocket.connect(meteredUri(replicaA));
				TestWebSocket onB = TestWebSocket.connect(meteredUri(replicaB))) {
			onA.send("one");
			assertThat(onA.nextMessage()).doesNotContain("Too Many Requests");
			onB.send("two");
			assertThat(onB.nextMessage()).doesNotContain("Too Many Requests");
			onA.send("three");
			assertThat(onA.nextMessage()).contains("\"message\": \"Too Many Requests\"");
			onB.send("four");
			assertThat(onB.nextMessage()).contains("\"message\": \"Too Many Requests\"");
		}
	}

	/** A WebSocket API whose {@code $default} route admits two messages (its bucket never refills). */
	@SuppressWarnings("unchecked")
	static ConfigurableApplicationContext servingMetered(ConfigurableApplicationContext replica) {
		DefinitionStore<ApiV2Definition> store = replica.getBean("apiV2Store", DefinitionStore.class);
		if (store.find("metered").blockOptional().isEmpty()) {
			ApiV2Definition api = TestWebSocketApis.withRoute(TestWebSocketApis.api("metered"), "$default",
					TestWebSocketApis.mock("echo", 200), true)
				.withIntegrationResponse("echo", TestWebSocketApis.response("$default", "$context.messageId"))
				.withStage(new Stage("prod", null, null, false, null, null,
						Map.of("$default", new RouteSettings(null, null, null, 2, 0.0)), null, null, null, false, null,
						null, null));
			store.save(TestWebSocketApis.deploy(api, "d1", "prod"), DefinitionStore.ABSENT).block();
		}
		WebSocketStageTable table = replica.getBean(WebSocketStageTable.class);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> table.find("metered", "prod") != null);
		return replica;
	}

	static URI meteredUri(ConfigurableApplicationContext replica) {
		return URI.create("ws://127.0.0.1:" + TestReplicas.port(replica) + "/restapis/metered/prod/_user_request_");
	}

	/** On one server only: a replica in a process of its own is slow to start, and the lease works alike on both. */
	@Test
	void theConnectionsOfAReplicaThatDiedAreGoneOnceItsLeaseLapses() {
		this.lambda.register("connect", (event) -> Map.of("statusCode", 200));
		ConfigurableApplicationContext survivor = serving(this.replicas.start());
		TestReplicas.ReplicaProcess doomed = this.replicas.startProcess();
		Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
			try (TestWebSocket probe = TestWebSocket.connect(uri(doomed.port()))) {
				return true;
			}
		});
		try (TestWebSocket client = TestWebSocket.connect(uri(doomed.port()));
				ApiGatewayManagementApiClient viaSurvivor = connections(survivor)) {
			String connectionId = this.lambda.lastEvent("connect").get("requestContext").get("connectionId").asString();
			// The replica registers the connection just after the handshake completes.
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.ignoreExceptions()
				.until(() -> viaSurvivor.getConnection((get) -> get.connectionId(connectionId)).connectedAt() != null);
			doomed.kill();
			assertThat(client.closeCode()).isEqualTo(1006);
			// Gone within the lease (900 ms): no ghost connection on the survivor.
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThatThrownBy(
						() -> viaSurvivor.getConnection((get) -> get.connectionId(connectionId)))
					.isInstanceOf(GoneException.class));
			assertThatThrownBy(() -> viaSurvivor.postToConnection((post) -> post.connectionId(connectionId)
				.data(SdkBytes.fromUtf8String("anyone there?")))).isInstanceOf(GoneException.class);
		}
	}

}
