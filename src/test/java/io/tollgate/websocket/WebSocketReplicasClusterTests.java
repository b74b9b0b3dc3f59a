package io.tollgate.websocket;

import io.tollgate.test.TestLambdaServer;
import io.tollgate.test.TestRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WebSocket connections of two gateway replicas on a real three-master Redis Cluster, where a replica's deliveries may
 * be published on another node than the one it subscribed through.
 */
class WebSocketReplicasClusterTests extends WebSocketReplicasContractTests {

	static final TestLambdaServer lambda = new TestLambdaServer().start();

	@RegisterExtension
	static final TestRedisCluster redis = new TestRedisCluster();

	WebSocketReplicasClusterTests() {
		super(redis, lambda);
	}

	@AfterAll
	static void stopLambda() {
		lambda.stop();
	}

}
