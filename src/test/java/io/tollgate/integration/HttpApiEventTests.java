package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.pipeline.CallerIdentity;
import io.tollgate.pipeline.RequestContext;
import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Payload format 2.0, field by field (aws-behavior-v2 §A.3). */
class HttpApiEventTests {

	private static RequestContext context(String path, Map<String, String> rawPathParameters,
			Map<String, String> stageVariables, AuthorizerOutput authorizer) {
		return new RequestContext("Mc7UVioPPHcEKPA=", "Mc7UVioPPHcEKPA=", 1587481701000L, "111111111111", "api1",
				"dev", "dep1", "r1", "/pets/{id}", "GET", path, decoded(rawPathParameters), rawPathParameters, stageVariables,
				null, "10.0.0.1", "curl/8", "HTTP/1.1", "api1.execute-api.example.com", CallerIdentity.ANONYMOUS,
				authorizer, null, null, "GET /pets/{id}");
	}

	private static Map<String, String> decoded(Map<String, String> raw) {
		Map<String, String> decoded = new java.util.LinkedHashMap<>();
		raw.forEach((name, value) -> decoded.put(name,
				org.springframework.web.util.UriUtils.decode(value, StandardCharsets.UTF_8)));
		return decoded;
	}

	@Test
	@SuppressWarnings("unchecked")
	void emptyFieldsAreLeftOutNotNull() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/dev/pets")
			.header("Host", "api1.execute-api.example.com")
			.build();
		Map<String, Object> event = HttpApiEvent.asMap(context("/dev/pets", Map.of(), Map.of(), AuthorizerOutput.NONE),
				request, new byte[0]);
		assertThat(event).containsEntry("version", "2.0")
			.containsEntry("routeKey", "GET /pets/{id}")
			.containsEntry("rawPath", "/dev/pets")
			.containsEntry("rawQueryString", "")
			.containsEntry("isBase64Encoded", false)
			.doesNotContainKeys("cookies", "queryStringParameters", "pathParameters", "stageVariables", "body");
		Map<String, Object> requestContext = (Map<String, Object>) event.get("requestContext");
		assertThat(requestContext).doesNotContainKey("authorizer")
			.containsEntry("requestId", "Mc7UVioPPHcEKPA=")
			.containsEntry("routeKey", "GET /pets/{id}")
			.containsEntry("stage", "dev")
			.containsEntry("time", "21/Apr/2020:15:08:21 +0000")
			.containsEntry("timeEpoch", 1587481701000L)
			.containsEntry("domainPrefix", "api1");
		assertThat((Map<String, Object>) requestContext.get("http")).containsEntry("method", "GET")
			.containsEntry("path", "/dev/pets")
			.containsEntry("protocol", "HTTP/1.1")
			.containsEntry("sourceIp", "10.0.0.1")
			.containsEntry("userAgent", "curl/8");
	}

	@Test
	@SuppressWarnings("unchecked")
	void headersAreLowerCaseAndJoinedAndCookiesHaveTheirOwnArray() {
		MockServerHttpRequest request = MockServerHttpRequest
			.method(org.springframework.http.HttpMethod.POST,
					java.net.URI.create("http://h/dev/pets/a%20b?parameter1=value1&parameter1=value2&p2=x%26y"))
			.header("Host", "api1.execute-api.example.com")
			.header("X-Multi", "one", "two")
			.header("Cookie", "cookie1=a; cookie2=b")
			.header("Content-Type", "application/json")
			.build();
		Map<String, Object> event = HttpApiEvent.asMap(
				context("/dev/pets/a%20b", Map.of("id", "a%20b"), Map.of("env", "dev"), AuthorizerOutput.NONE),
				request, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
		assertThat(event).containsEntry("rawQueryString", "parameter1=value1&parameter1=value2&p2=x%26y")
			.containsEntry("cookies", List.of("cookie1=a", "cookie2=b"))
			.containsEntry("queryStringParameters", Map.of("parameter1", "value1,value2", "p2", "x&y"))
			.containsEntry("pathParameters", Map.of("id", "a b"))
			.containsEntry("stageVariables", Map.of("env", "dev"))
			.containsEntry("body", "{\"a\":1}")
			.containsEntry("isBase64Encoded", false);
		Map<String, String> headers = (Map<String, String>) event.get("headers");
		assertThat(headers).containsEntry("x-multi", "one,two")
			.containsEntry("host", "api1.execute-api.example.com")
			.containsKeys("x-amzn-trace-id", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto")
			.doesNotContainKey("cookie");
	}

	@Test
	void binaryBodiesAreBase64() {
		MockServerHttpRequest request = MockServerHttpRequest.post("/dev/pets")
			.header("Content-Type", "image/png")
			.build();
		Map<String, Object> event = HttpApiEvent.asMap(context("/dev/pets", Map.of(), Map.of(), AuthorizerOutput.NONE),
				request, new byte[] { 1, 2, 3 });
		assertThat(event).containsEntry("body", "AQID").containsEntry("isBase64Encoded", true);
	}

	@Test
	@SuppressWarnings("unchecked")
	void jwtClaimsAndScopesAreUnderJwt() {
		AuthorizerOutput jwt = AuthorizerOutput.jwt(Map.of("sub", "user-1", "exp", "1787996002"), null);
		MockServerHttpRequest request = MockServerHttpRequest.get("/dev/pets").build();
		Map<String, Object> event = HttpApiEvent.asMap(context("/dev/pets", Map.of(), Map.of(), jwt), request,
				new byte[0]);
		Map<String, Object> authorizer = (Map<String, Object>) ((Map<String, Object>) event.get("requestContext"))
			.get("authorizer");
		Map<String, Object> claims = (Map<String, Object>) authorizer.get("jwt");
		assertThat(claims).containsEntry("claims", Map.of("sub", "user-1", "exp", "1787996002"))
			.containsEntry("scopes", null);
	}

	@Test
	void textContentTypes() {
		for (String type : new String[] { "text/plain", "application/json", "application/vnd.api+json",
				"application/xml", "application/x-www-form-urlencoded", "application/javascript" }) {
			assertThat(io.tollgate.pipeline.HttpApiRequestFields.isText(MockServerHttpRequest.post("/").header("Content-Type", type)
				.build()
				.getHeaders())).as(type).isTrue();
		}
		assertThat(io.tollgate.pipeline.HttpApiRequestFields.isText(MockServerHttpRequest.post("/").build().getHeaders())).isFalse();
		assertThat(io.tollgate.pipeline.HttpApiRequestFields.isText(MockServerHttpRequest.post("/").header("Content-Type", "application/pdf")
			.build()
			.getHeaders())).isFalse();
	}

}
