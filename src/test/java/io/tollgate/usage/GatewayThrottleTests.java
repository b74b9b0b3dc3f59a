package io.tollgate.usage;

import io.tollgate.model.ModelIds;
import io.tollgate.test.BaseGatewayTests;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

/** The gateway-wide throttle applies to every method, keyed or not, with the configured rate and burst. */
@TestPropertySource(properties = { "tollgate.usage.default-burst-limit=2",
		"tollgate.usage.default-rate-limit=" + TestUsagePlans.NO_REFILL })
class GatewayThrottleTests extends BaseGatewayTests {

	@Test
	void gatewayWideThrottleAnswersTooManyRequestsForEveryMethod() {
		String apiId = ModelIds.random();
		serve(TestUsagePlans.keyedApi(apiId));
		this.client.get().uri("/restapis/" + apiId + "/prod/_user_request_/open").exchange().expectStatus().isOk();
		// A keyed method refused for its key takes no token: the key step runs first.
		this.client.get().uri("/restapis/" + apiId + "/prod/_user_request_/a").exchange().expectStatus().isForbidden();
		this.client.get().uri("/restapis/" + apiId + "/prod/_user_request_/open").exchange().expectStatus().isOk();
		UsageFilterFactoryTests.expectThrottled(
				this.client.get().uri("/restapis/" + apiId + "/prod/_user_request_/open").exchange());
	}

}
