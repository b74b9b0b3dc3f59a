package io.tollgate.websocket;

import io.tollgate.test.TestLambdaServer;
import io.tollgate.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

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

}
