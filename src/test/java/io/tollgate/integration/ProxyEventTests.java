package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.pipeline.CallerIdentity;
import io.tollgate.pipeline.RequestContext;
import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy event's identity and authorizer come from the request context other pipeline steps fill. */
class ProxyEventTests {

	private static RequestContext context(CallerIdentity identity, AuthorizerOutput authorizer) {
		return new RequestContext("req-1", "ext-1", 1583349317135L, "111111111111", "api1", "prod", "dep1", "res1",
				"/pets/{petId}", "GET", "/prod/pets/7", Map.of("petId", "7"), Map.of("petId", "7"), Map.of(), null,
				"10.0.0.1", "curl/8", "HTTP/1.1", "api1.execute-api.example.com", identity, authorizer);
	}

	private static MockServerHttpRequest request() {
		return MockServerHttpRequest.get("/prod/pets/7").header("Host", "api1.execute-api.example.com").build();
	}

	@Test
	@SuppressWarnings("unchecked")
	void identityCarriesApiKeyAndAuthorizerCarriesLambdaAuthorizerOutput() {
		CallerIdentity identity = CallerIdentity.ANONYMOUS.withApiKey("key-value", "key-id");
		AuthorizerOutput authorizer = new AuthorizerOutput("user-1", Map.of("tenant", "acme"), Map.of(), null, null);
		Map<String, Object> event = ProxyEvent.asMap(context(identity, authorizer), request(), new byte[0], false);
		Map<String, Object> requestContext = (Map<String, Object>) event.get("requestContext");
		Map<String, Object> callerIdentity = (Map<String, Object>) requestContext.get("identity");
		assertThat(callerIdentity).containsEntry("apiKey", "key-value")
			.containsEntry("apiKeyId", "key-id")
			.containsEntry("sourceIp", "10.0.0.1")
			.containsEntry("userAgent", "curl/8");
		assertThat((Map<String, Object>) requestContext.get("authorizer")).containsEntry("principalId", "user-1")
			.containsEntry("tenant", "acme");
		assertThat(requestContext).containsEntry("requestTime", "04/Mar/2020:19:15:17 +0000")
			.containsEntry("path", "/prod/pets/7")
			.containsEntry("domainPrefix", "api1");
		assertThat(event).containsEntry("path", "/pets/7");
	}

	@Test
	@SuppressWarnings("unchecked")
	void cognitoClaimsAreUnderAuthorizerClaims() {
		AuthorizerOutput cognito = new AuthorizerOutput("sub-1", Map.of(), Map.of("email", "a@b.c"), null, null);
		Map<String, Object> event = ProxyEvent.asMap(context(CallerIdentity.ANONYMOUS, cognito), request(),
				"{}".getBytes(StandardCharsets.UTF_8), false);
		Map<String, Object> authorizer = (Map<String, Object>) ((Map<String, Object>) event.get("requestContext"))
			.get("authorizer");
		assertThat((Map<String, Object>) authorizer.get("claims")).containsEntry("email", "a@b.c");
		assertThat(event).containsEntry("body", "{}").containsEntry("isBase64Encoded", false);
	}

	@Test
	@SuppressWarnings("unchecked")
	void withoutAuthorizerThereIsNoAuthorizerKeyNorApiKey() {
		Map<String, Object> event = ProxyEvent.asMap(context(CallerIdentity.ANONYMOUS, AuthorizerOutput.NONE),
				request(), new byte[0], false);
		Map<String, Object> requestContext = (Map<String, Object>) event.get("requestContext");
		assertThat(requestContext).doesNotContainKey("authorizer");
		assertThat((Map<String, Object>) requestContext.get("identity")).doesNotContainKey("apiKey");
	}

}
