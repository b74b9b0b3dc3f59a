package io.tollgate.response;

import java.util.Map;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.GatewayResponse;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.httpProxy;
import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;

/** Gateway responses customised on an API shape what its deployment answers when a request fails. */
class GatewayResponseIntegrationTests extends BaseGatewayTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	@Test
	void customisedMissingAuthenticationTokenAnswersWithItsStatusHeadersAndTemplate() {
		serve(api(Map.of("MISSING_AUTHENTICATION_TOKEN", new GatewayResponse("MISSING_AUTHENTICATION_TOKEN", "404",
				Map.of("gatewayresponse.header.X-Reason", "'no such route'", "gatewayresponse.header.X-Asked",
						"method.request.header.X-Client"),
				Map.of("application/json",
						"{\"error\": $context.error.messageString, \"type\": \"$context.error.responseType\", \"stage\": \"$context.stage\"}"),
				false))));
		this.client.get()
			.uri("/restapis/custom/prod/_user_request_/nowhere")
			.header("X-Client", "tests")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.valueEquals("X-Reason", "no such route")
			.expectHeader()
			.valueEquals("X-Asked", "tests")
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", "MissingAuthenticationTokenException")
			.expectBody()
			.json("{\"error\": \"Missing Authentication Token\", \"type\": \"MISSING_AUTHENTICATION_TOKEN\", \"stage\": \"\"}");
	}

	@Test
	void customisedDefault5xxAppliesToIntegrationTimeoutsWithCorsHeaders() {
		serve(api(Map.of("DEFAULT_5XX", new GatewayResponse("DEFAULT_5XX", null,
				Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'*'"),
				Map.of("application/json", "{\"failure\": $context.error.messageString}"), false))));
		this.client.get()
			.uri("/restapis/custom/prod/_user_request_/slow")
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "*")
			.expectBody()
			.json("{\"failure\": \"Endpoint request timed out\"}");
	}

	@Test
	void apiWithoutCustomisationAnswersAwsDefaults() {
		serve(api(Map.of()));
		this.client.get()
			.uri("/restapis/custom/prod/_user_request_/nowhere")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody(String.class)
			.isEqualTo("{\"message\":\"Missing Authentication Token\"}");
	}

	private static ApiDefinition api(Map<String, GatewayResponse> responses) {
		ApiDefinition api = io.tollgate.test.TestApis.api("custom");
		api = withMethod(api, "/ok", method("GET", mock("{}")));
		api = withMethod(api, "/slow", method("GET", httpProxy("GET", backend.url() + "/slow?delayMs=1000", 50,
				Map.of())));
		api = api.withComponents(new ApiComponents(null, null, null, responses));
		return deploy(api, "d1", "prod", Map.of());
	}

}
