package io.tollgate.usage;

import java.util.Map;

import io.tollgate.model.AccessLogSettings;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.RouteSettings;
import io.tollgate.model.v2.Stage;
import io.tollgate.test.BaseHttpApiTests;
import io.tollgate.test.TestBackend;
import io.tollgate.test.TestHttpApis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP APIs' throttling through the running gateway: the stage's route settings, one bucket per stage and route
 * shared by every client, on the limiter REST APIs use.
 */
class HttpApiThrottleTests extends BaseHttpApiTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final String API = "httpthrot1";

	@BeforeEach
	void serveApi() {
		ApiV2Definition api = TestHttpApis.api(API).withIntegration(TestHttpApis.httpProxy("b", backend.url()));
		api = TestHttpApis.withRoute(api, "r1", "GET /limited", "b");
		api = TestHttpApis.withRoute(api, "r2", "GET /free", "b");
		RouteSettings limited = new RouteSettings(null, null, null, 2, 0.001);
		serveHttp(api.withStage(new Stage(Stage.DEFAULT, null, null, true, null, null, Map.of("GET /limited", limited),
				null, null, null, false, null, null, null)));
	}

	@Test
	void routeOverItsLimitIsTooManyRequestsWhileOtherRoutesServe() {
		get(API, "/limited").exchange().expectStatus().isOk();
		get(API, "/limited").exchange().expectStatus().isOk();
		get(API, "/limited").exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("apigw-requestid")
			.expectBody()
			.json("{\"message\":\"Too Many Requests\"}", true);
		get(API, "/free").exchange().expectStatus().isOk();
	}

}
