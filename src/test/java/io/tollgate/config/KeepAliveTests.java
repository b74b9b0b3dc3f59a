package io.tollgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.RawHttp;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.httpProxy;
import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kept-alive connections go on being read whatever thread finished the previous response: a mapping template
 * (answered off the event loop), an HTTP_PROXY call (answered on the backend connection's loop) and a gateway
 * response (answered at once, on the connection's own loop), mixed on one connection, pipelined and one after
 * the other (reactor-netty#4361: a queued request that completed at once left the connection unread).
 */
class KeepAliveTests extends BaseGatewayTests {

	private static final String BASE = "/restapis/keepalive/prod/_user_request_";

	/** Short, so that a request left unread fails the round at once instead of hanging. */
	private static final int READ_TIMEOUT_MILLIS = 2_000;

	private static final int ROUNDS = 40;

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	@BeforeEach
	void serveApi() {
		if (this.apiRoutes.servedVersion("keepalive") >= 0) {
			return;
		}
		ApiDefinition api = withMethod(TestApis.api("keepalive"), "/templated",
				method("GET", TestApis.mock("{\"answer\": \"$context.resourcePath\"}")));
		api = withMethod(api, "/proxied", method("GET", httpProxy("GET", backend.url() + "/pets", null, Map.of())));
		serve(deploy(api, "d1", "prod", Map.of()));
	}

	@Test
	void pipelinedRequestsFinishingOnOtherThreadsLeaveTheConnectionReadable() {
		List<String> unanswered = new ArrayList<>();
		RawHttp.Connection connection = RawHttp.Connection.open(this.port, READ_TIMEOUT_MILLIS);
		for (int round = 0; round < ROUNDS; round++) {
			try {
				connection.send(RawHttp.get(BASE + "/templated") + RawHttp.get(BASE + "/missing")
						+ RawHttp.get(BASE + "/proxied") + RawHttp.get(BASE + "/missing"));
				assertThat(connection.read().status()).isEqualTo(200);
				assertThat(connection.read().status()).isEqualTo(403);
				assertThat(connection.read().status()).isEqualTo(200);
				assertThat(connection.read().status()).isEqualTo(403);
			}
			catch (AssertionError ex) {
				unanswered.add("round " + round + ": " + ex.getMessage());
				connection.close();
				connection = RawHttp.Connection.open(this.port, READ_TIMEOUT_MILLIS);
			}
		}
		connection.close();
		assertThat(unanswered).as("rounds with a request left unanswered of %d", ROUNDS).isEmpty();
	}

	@Test
	void requestsSentOneAfterTheOtherOnAKeptAliveConnectionAreAllAnswered() {
		List<String> unanswered = new ArrayList<>();
		RawHttp.Connection connection = RawHttp.Connection.open(this.port, READ_TIMEOUT_MILLIS);
		String[] paths = { "/templated", "/missing", "/proxied", "/missing", "/templated", "/proxied" };
		for (int round = 0; round < ROUNDS; round++) {
			try {
				for (String path : paths) {
					assertThat(connection.send(RawHttp.get(BASE + path)).read().status())
						.isEqualTo(path.equals("/missing") ? 403 : 200);
				}
			}
			catch (AssertionError ex) {
				unanswered.add("round " + round + ": " + ex.getMessage());
				connection.close();
				connection = RawHttp.Connection.open(this.port, READ_TIMEOUT_MILLIS);
			}
		}
		connection.close();
		assertThat(unanswered).as("rounds with a request left unanswered of %d", ROUNDS).isEmpty();
	}

}
