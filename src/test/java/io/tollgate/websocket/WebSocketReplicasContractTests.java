package io.tollgate.websocket;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.DefinitionStore;
import io.tollgate.test.TestLambdaServer;
import io.tollgate.test.TestRedisDeployment;
import io.tollgate.test.TestReplicas;
import io.tollgate.test.TestWebSocket;
import io.tollgate.test.TestWebSocketApis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two gateway replicas on one real Redis, one server or a cluster: a connection lives on the replica its client
 * connected to, and the {@code @connections} API of the other replica reaches it; a closed connection is gone on both.
 */
abstract class WebSocketReplicasContractTests {

	protected final TestLambdaServer lambda;

	protected final TestReplicas replicas;

	WebSocketReplicasContractTests(TestRedisDeployment redis, TestLambdaServer lambda) {
		this.lambda = lambda;
		this.replicas = new TestReplicas(redis, "ws-replicas:", "--tollgate.admin.port=-1",
				"--tollgate.lambda.access-key-id=AKIDLAMBDA", "--tollgate.lambda.secret-access-key=lambda-secret",
				"--tollgate.iam.identities[0].access-key-id=AKIDWS",
				"--tollgate.iam.identities[0].secret-access-key=ws-secret",
				"--tollgate.iam.identities[0].policy={\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
						+ "\"Allow\",\"Action\":\"execute-api:ManageConnections\",\"Resource\":\"*\"}]}",
				"--tollgate.websocket.replica-lease=900ms", "--tollgate.lambda.endpoint=" + lambda.endpoint());
	}

	@AfterEach
	void closeReplicas() {
		this.replicas.close();
	}

	static ApiV2Definition chat() {
		ApiV2Definition chat = TestWebSocketApis.withRoute(TestWebSocketApis.api("chat"), "$connect",
				TestWebSocketApis.lambdaProxy("connect"), false);
		return TestWebSocketApis.deploy(chat, "d1", "prod");
	}

	/** Stores the API through one replica (unless stored) and waits until {@code replica} serves it. */
	@SuppressWarnings("unchecked")
	static ConfigurableApplicationContext serving(ConfigurableApplicationContext replica) {
		DefinitionStore<ApiV2Definition> store = replica.getBean("apiV2Store", DefinitionStore.class);
		if (store.find("chat").blockOptional().isEmpty()) {
			store.save(chat(), DefinitionStore.ABSENT).block();
		}
		WebSocketStageTable table = replica.getBean(WebSocketStageTable.class);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> table.find("chat", "prod") != null);
		return replica;
	}

	static URI uri(ConfigurableApplicationContext replica) {
		return uri(TestReplicas.port(replica));
	}

	static URI uri(int port) {
		return URI.create("ws://127.0.0.1:" + port + "/restapis/chat/prod/_user_request_");
	}

	static ApiGatewayManagementApiClient connections(ConfigurableApplicationContext replica) {
		return ApiGatewayManagementApiClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + TestReplicas.port(replica)
					+ "/restapis/chat/prod/_user_request_"))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDWS", "ws-secret")))
			.httpClient(ApacheHttpClient.create())
			.build();
	}

	@Test
	void aMessagePostedOnOneReplicaReachesAClientConnectedToAnother() {
		this.lambda.register("connect", (event) -> Map.of("statusCode", 200));
		ConfigurableApplicationContext replicaA = serving(this.replicas.start());
		ConfigurableApplicationContext replicaB = serving(this.replicas.start());
		try (TestWebSocket client = TestWebSocket.connect(uri(replicaA), Map.of("User-Agent", "replica-tests"));
				ApiGatewayManagementApiClient viaB = connections(replicaB)) {
			String connectionId = this.lambda.lastEvent("connect").get("requestContext").get("connectionId").asString();
			viaB.postToConnection((post) -> post.connectionId(connectionId).data(SdkBytes.fromUtf8String("from B")));
			assertThat(client.nextMessage()).isEqualTo("from B");
			GetConnectionResponse described = viaB.getConnection((get) -> get.connectionId(connectionId));
			assertThat(described.identity().userAgent()).isEqualTo("replica-tests");

			viaB.deleteConnection((delete) -> delete.connectionId(connectionId));
			assertThat(client.closeCode()).isEqualTo(1000);
			// Replica A forgets the connection once its close is done, which may follow the client's close frame.
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThatThrownBy(() -> viaB.getConnection((get) -> get.connectionId(connectionId)))
					.isInstanceOf(GoneException.class));
			try (ApiGatewayManagementApiClient viaA = connections(replicaA)) {
				assertThatThrownBy(() -> viaA.postToConnection((post) -> post.connectionId(connectionId)
					.data(SdkBytes.fromUtf8String("late")))).isInstanceOf(GoneException.class);
			}
		}
	}

}
