package io.tollgate.logging;

import java.util.Map;

import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.pipeline.CallerIdentity;
import io.tollgate.pipeline.RequestContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Rendering a stage's access log format from a request's context and its outcome. */
class AccessLogFormatTests {

	/** 2026-11-25T15:04:05Z. */
	private static final long REQUEST_TIME = 1_795_619_045_000L;

	private static RequestContext context(String userAgent) {
		CallerIdentity identity = CallerIdentity.ANONYMOUS.withApiKey("the-secret-key-value", "key-id-1");
		AuthorizerOutput authorizer = new AuthorizerOutput("user-7", Map.of("tier", "gold"), Map.of("sub", "abc"),
				null, null);
		return new RequestContext("req-1", "ext-1", REQUEST_TIME, "123456789012", "api1", "prod", "dep1", "res1",
				"/items/{id}", "GET", "/prod/items/7", Map.of("id", "7"), Map.of("id", "7"), Map.of(), null,
				"10.0.0.1", userAgent, "HTTP/1.1", "api1.execute-api.example.com", identity, authorizer);
	}

	private static AccessLogEntry entry(String userAgent) {
		return new AccessLogEntry(context(userAgent), 201, 42, 17, 12L);
	}

	@Test
	void clfPresetRendersAsApiGatewayDoes() {
		String line = AccessLogFormat.compile(AccessLogPreset.CLF.format()).render(entry("curl"));
		assertThat(line).isEqualTo(
				"10.0.0.1 - - [25/Nov/2026:15:04:05 +0000] \"GET /items/{id} HTTP/1.1\" 201 42 req-1");
	}

	@Test
	void contextVariablesOfTheRequestAndItsOutcome() {
		AccessLogFormat format = AccessLogFormat.compile("$context.requestId $context.extendedRequestId "
				+ "$context.requestTimeEpoch $context.apiId/$context.stage/$context.deploymentId $context.path "
				+ "$context.identity.apiKeyId $context.authorizer.principalId $context.authorizer.tier "
				+ "$context.authorizer.claims.sub $context.integrationLatency $context.responseLatency "
				+ "$context.domainPrefix $context.accountId $context.isCanaryRequest.");
		assertThat(format.render(entry("curl"))).isEqualTo("req-1 ext-1 " + REQUEST_TIME
				+ " api1/prod/dep1 /prod/items/7 key-id-1 user-7 gold abc 12 17 api1 123456789012 -.");
	}

	@Test
	void unknownAndAbsentVariablesRenderAsDash() {
		AccessLogFormat format = AccessLogFormat.compile(
				"$context.identity.caller|$context.integrationLatency|$context.nothing.here|$context.error.message");
		AccessLogEntry noIntegration = new AccessLogEntry(context(null), 403, -1, 3, null);
		assertThat(format.render(noIntegration)).isEqualTo("-|-|-|-");
	}

	@Test
	void apiKeyValueNeverRenders() {
		String line = AccessLogFormat.compile("key=$context.identity.apiKey id=$context.identity.apiKeyId")
			.render(entry("curl"));
		assertThat(line).isEqualTo("key=- id=key-id-1").doesNotContain("the-secret-key-value");
	}

	@Test
	void jsonFormatsStayValidWhateverTheValues() {
		String line = AccessLogFormat.compile(AccessLogPreset.JSON.format() .replace("\"caller\"",
				"\"agent\":\"$context.identity.userAgent\", \"caller\"")).render(entry("evil\"agent\\\n{"));
		JsonNode json = JsonMapper.builder().build().readTree(line);
		assertThat(json.get("agent").asString()).isEqualTo("evil\"agent\\\n{");
		assertThat(json.get("status").asString()).isEqualTo("201");
		assertThat(json.get("requestTime").asString()).isEqualTo("25/Nov/2026:15:04:05 +0000");
	}

	@Test
	void xmlFormatsEscapeValuesAndNoValueBreaksALine() {
		assertThat(AccessLogFormat.compile("<r a=\"$context.identity.userAgent\"/>").render(entry("<x & \"y\">")))
			.isEqualTo("<r a=\"&lt;x &amp; &quot;y&quot;&gt;\"/>");
		assertThat(AccessLogFormat.compile("$context.identity.userAgent").render(entry("a\r\nb"))).isEqualTo("a  b");
	}

}
