package io.tollgate.response;

import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP APIs' error table (aws-behavior-v2 §A.9): Title Case texts, statuses of their own. */
class HttpApiErrorsTests {

	private static HttpApiErrors.Error of(GatewayResponseType type) {
		return HttpApiErrors.of(new GatewayResponseException(type));
	}

	@Test
	void errorTable() {
		assertThat(of(GatewayResponseType.RESOURCE_NOT_FOUND)).isEqualTo(new HttpApiErrors.Error(404, "Not Found"));
		assertThat(of(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN))
			.isEqualTo(new HttpApiErrors.Error(403, "Forbidden"));
		assertThat(of(GatewayResponseType.UNAUTHORIZED)).isEqualTo(new HttpApiErrors.Error(401, "Unauthorized"));
		assertThat(of(GatewayResponseType.ACCESS_DENIED)).isEqualTo(new HttpApiErrors.Error(403, "Forbidden"));
		assertThat(of(GatewayResponseType.THROTTLED)).isEqualTo(new HttpApiErrors.Error(429, "Too Many Requests"));
		assertThat(of(GatewayResponseType.INTEGRATION_FAILURE))
			.isEqualTo(new HttpApiErrors.Error(500, "Internal Server Error"));
		assertThat(of(GatewayResponseType.INTEGRATION_TIMEOUT))
			.isEqualTo(new HttpApiErrors.Error(503, "Service Unavailable"));
		assertThat(of(GatewayResponseType.REQUEST_TOO_LARGE))
			.isEqualTo(new HttpApiErrors.Error(413, "Request Entity Too Large"));
		assertThat(of(GatewayResponseType.AUTHORIZER_CONFIGURATION_ERROR))
			.isEqualTo(new HttpApiErrors.Error(500, "Internal Server Error"));
	}

	@Test
	void bodyIsCompactJson() {
		assertThat(of(GatewayResponseType.INTEGRATION_TIMEOUT).body()).isEqualTo("{\"message\":\"Service Unavailable\"}")
			.hasSize(33);
	}

	@Test
	void aBadRequestKeepsItsReason() {
		assertThat(HttpApiErrors.of(new GatewayResponseException(GatewayResponseType.BAD_REQUEST_PARAMETERS,
				"Invalid request path: malformed percent-encoding")).message())
			.isEqualTo("Invalid request path: malformed percent-encoding");
	}

}
