package io.tollgate.websocket;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.tollgate.test.TestLambdaServer;
import io.tollgate.test.TestRedis;
import io.tollgate.test.TestReplicas;
import io.tollgate.test.TestWebSocket;
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
