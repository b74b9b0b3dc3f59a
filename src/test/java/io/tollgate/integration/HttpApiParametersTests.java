package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.pipeline.CallerIdentity;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.RequestContext;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** HTTP API parameter mapping (aws-behavior-v2 §A.5.2, §A.5.3). */
class HttpApiParametersTests {

	private static final RequestContext CONTEXT = new RequestContext("rid=", "rid=", 0L, "111111111111", "api1", "dev",
			"dep1", "r1", "/pets/{id}", "GET", "/dev/pets/7", Map.of("id", "7"), Map.of("id", "7"),
			Map.of("env", "test"), null, "10.0.0.1", null, "HTTP/1.1", "api1.execute-api.example.com",
			CallerIdentity.ANONYMOUS, AuthorizerOutput.NONE, null, null, "GET /pets/{id}");

	private static Map<String, String> ordered(String... keysAndValues) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	private static HttpApiParameters.RequestValues values(MockServerHttpRequest request, String body) {
		return new HttpApiParameters.RequestValues(CONTEXT, request, "/pets/7",
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null);
	}

	@Test
	void headersAreOverwrittenAppendedAndRemoved() {
		HttpApiParameters parameters = new HttpApiParameters(ordered("overwrite:header.x-id", "$request.path.id",
				"append:header.x-list", "$request.header.x-in", "remove:header.x-secret", "",
				"overwrite:header.x-env", "$stageVariables.env", "overwrite:header.x-req", "$context.requestId",
				"overwrite:header.x-both", "${request.path.id}-${stageVariables.env}", "overwrite:header.x-static",
				"fixed"), Map.of());
		MockServerHttpRequest request = MockServerHttpRequest.get("/dev/pets/7")
			.header("x-in", "a", "b")
			.header("x-list", "first")
			.header("x-secret", "s")
			.build();
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(request.getHeaders());
		parameters.applyToRequest(values(request, null), headers, HttpApiParameters.queryOf(request));
		assertThat(headers.getFirst("x-id")).isEqualTo("7");
		assertThat(headers.getFirst("x-list")).isEqualTo("first,a,b");
		assertThat(headers.containsHeader("x-secret")).isFalse();
		assertThat(headers.getFirst("x-env")).isEqualTo("test");
		assertThat(headers.getFirst("x-req")).isEqualTo("rid=");
		assertThat(headers.getFirst("x-both")).isEqualTo("7-test");
		assertThat(headers.getFirst("x-static")).isEqualTo("fixed");
	}

	@Test
	void queryStringAndPathAreMapped() {
		HttpApiParameters parameters = new HttpApiParameters(ordered("overwrite:querystring.page", "2",
				"append:querystring.tag", "$request.header.x-tag", "remove:querystring.debug", "",
				"overwrite:path", "/v2$request.path"), Map.of());
		MockServerHttpRequest request = MockServerHttpRequest.get("/dev/pets/7?page=1&tag=a&debug=1")
			.header("x-tag", "b")
			.build();
		MultiValueMap<String, String> query = HttpApiParameters.queryOf(request);
		String path = parameters.applyToRequest(values(request, null), new HttpHeaders(), query);
		assertThat(query.get("page")).containsExactly("2");
		assertThat(query.get("tag")).containsExactly("a", "b");
		assertThat(query.containsKey("debug")).isFalse();
		assertThat(path).isEqualTo("/v2$request.path");
		HttpApiParameters expression = new HttpApiParameters(Map.of("overwrite:path", "$request.path"), Map.of());
		assertThat(expression.applyToRequest(values(request, null), new HttpHeaders(), query)).isEqualTo("/pets/7");
	}

	@Test
	void bodyValuesAreReadWithJsonPath() {
		HttpApiParameters parameters = new HttpApiParameters(
				ordered("overwrite:header.x-name", "$request.body.pet.name", "overwrite:header.x-tags",
						"$request.body.pet.tags"), Map.of());
		assertThat(parameters.readsRequestBody()).isTrue();
		MockServerHttpRequest request = MockServerHttpRequest.post("/dev/pets").build();
		HttpHeaders headers = new HttpHeaders();
		parameters.applyToRequest(values(request, "{\"pet\":{\"name\":\"Rex\",\"tags\":[\"a\",1]}}"), headers,
				HttpApiParameters.queryOf(request));
		assertThat(headers.getFirst("x-name")).isEqualTo("Rex");
		assertThat(headers.getFirst("x-tags")).isEqualTo("[\"a\",1]");
	}

	@Test
	void aControlCharacterBoundForABackendHeaderIsRefused() {
		HttpApiParameters parameters = new HttpApiParameters(Map.of("overwrite:header.x-id", "$request.path.id"),
				Map.of());
		RequestContext context = new RequestContext("rid=", "rid=", 0L, "1", "api1", "dev", "dep1", "r1", "/p/{id}",
				"GET", "/p/x", Map.of("id", "a\r\nInjected: 1"), Map.of("id", "a%0D%0A"), Map.of(), null, "", null,
				"HTTP/1.1", "h", CallerIdentity.ANONYMOUS, AuthorizerOutput.NONE, null, null, "GET /p/{id}");
		MockServerHttpRequest request = MockServerHttpRequest.get("/p/x").build();
		assertThatExceptionOfType(GatewayResponseException.class)
			.isThrownBy(() -> parameters.applyToRequest(
					new HttpApiParameters.RequestValues(context, request, "/p/x", null), new HttpHeaders(),
					HttpApiParameters.queryOf(request)));
	}

	@Test
	void reservedHeadersAreNeverMapped() {
		HttpApiParameters parameters = new HttpApiParameters(ordered("overwrite:header.Authorization", "x",
				"overwrite:header.x-amzn-trace-id", "y", "overwrite:header.Access-Control-Allow-Origin", "*"),
				Map.of());
		assertThat(parameters.mapsRequest()).isFalse();
	}

	@Test
	void invalidMappingsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HttpApiParameters(Map.of("replace:header.x", "1"), Map.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HttpApiParameters(Map.of("overwrite:header.x", "$request.unknown.y"), Map.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HttpApiParameters(Map.of("overwrite:header.x", "$request.body..a"), Map.of()));
	}

	@Test
	void responseMappingsApplyByIntegrationStatus() {
		HttpApiParameters parameters = new HttpApiParameters(Map.of(),
				Map.of("500", ordered("overwrite:statuscode", "403", "append:header.header1", "$context.requestId",
						"overwrite:header.x-from-body", "$response.body.error", "overwrite:header.x-copied",
						"$response.header.x-backend", "remove:header.x-internal", "")));
		HttpHeaders headers = new HttpHeaders();
		headers.set("x-backend", "b1");
		headers.set("x-internal", "secret");
		MockServerHttpRequest request = MockServerHttpRequest.get("/dev/pets/7").build();
		int status = parameters.applyToResponse(500, values(request, null), headers,
				"{\"error\":\"boom\"}".getBytes(StandardCharsets.UTF_8));
		assertThat(status).isEqualTo(403);
		assertThat(headers.getFirst("header1")).isEqualTo("rid=");
		assertThat(headers.getFirst("x-from-body")).isEqualTo("boom");
		assertThat(headers.getFirst("x-copied")).isEqualTo("b1");
		assertThat(headers.containsHeader("x-internal")).isFalse();
		assertThat(parameters.applyToResponse(200, values(request, null), headers, new byte[0])).isEqualTo(200);
		assertThat(parameters.mapsResponse(200)).isFalse();
		assertThat(List.of(parameters.mapsResponse(500))).containsExactly(true);
	}

}
