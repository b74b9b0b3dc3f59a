package io.tollgate.logging;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tollgate.model.AccessLogSettings;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Stage;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestBackend;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.tollgate.test.TestApis.httpProxy;
import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stage access logs after real traffic: AWS's console presets (CLF, JSON, XML, CSV) and a custom format, written to
 * the {@value AccessLog#LOGGER_NAME} logger off the event loop, gateway responses included, secrets never.
 */
class AccessLogIntegrationTests extends BaseGatewayTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final String CUSTOM = "$context.requestId $context.httpMethod $context.resourcePath "
			+ "$context.status $context.responseLength il=$context.integrationLatency rl=$context.responseLatency "
			+ "key=$context.identity.apiKey keyId=$context.identity.apiKeyId pid=$context.authorizer.principalId";

	private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private Logger logger;

	@BeforeEach
	void captureAccessLog() {
		if (this.apiRoutes.servedVersion("logged") < 0) {
			serve(loggedApi());
		}
		this.logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER_NAME);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void stopCapturing() {
		this.logger.detachAppender(this.appender);
	}

	static ApiDefinition loggedApi() {
		ApiDefinition api = TestApis.api("logged");
		api = withMethod(api, "/items/{id}", method("GET", httpProxy("GET", backend.url() + "/items/{id}", null,
				Map.of("integration.request.path.id", "method.request.path.id"))));
		api = withMethod(api, "/mock", method("GET", mock("{\"ok\": true}")));
		api = withMethod(api, "/slow", method("GET", httpProxy("GET", backend.url() + "/slow?delayMs=1000", 100,
				Map.of())));
		api = api.withDeployment("d1", null);
		for (AccessLogPreset preset : AccessLogPreset.values()) {
			api = api.withStage(stage(preset.name().toLowerCase(), preset.format()));
		}
		return api.withStage(stage("custom", CUSTOM)).withStage(Stage.of("quiet", "d1", Map.of()));
	}

	private static Stage stage(String name, String format) {
		return new Stage(name, "d1", null, Map.of(), Map.of(), false, null, null, false,
				new AccessLogSettings(format, "arn:aws:logs:us-east-1:000000000000:log-group:" + name), null, null,
				null);
	}

	private int get(String stage, String path) {
		return this.client.get()
			.uri("/restapis/logged/" + stage + "/_user_request_" + path)
			.header("x-api-key", "secret-api-key-value")
			.header("Authorization", "Bearer secret-token-value")
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
	}

	/** Lines are written by the access log's own thread: wait for {@code count} of them. */
	private List<String> awaitLines(int count) {
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.appender.list.size() >= count);
		List<ILoggingEvent> events = List.copyOf(this.appender.list);
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.getThreadName()).startsWith("tollgate-access-log-");
			assertThat(event.getLoggerName()).isEqualTo(AccessLog.LOGGER_NAME);
		});
		return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

	@Test
	void clfPresetAfterAProxiedRequest() {
		assertThat(get("clf", "/items/7")).isEqualTo(200);
		String line = awaitLines(1).get(0);
		assertThat(line).matches("127\\.0\\.0\\.1 - - \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000\\] "
				+ "\"GET /items/\\{id\\} HTTP/1\\.1\" 200 \\d+ " + UUID.pattern());
	}

	@Test
	void jsonPresetIsValidJson() {
		assertThat(get("json", "/mock")).isEqualTo(200);
		JsonNode json = JsonMapper.builder().build().readTree(awaitLines(1).get(0));
		assertThat(json.get("requestId").asString()).matches(UUID);
		assertThat(json.get("ip").asString()).isEqualTo("127.0.0.1");
		assertThat(json.get("httpMethod").asString()).isEqualTo("GET");
		assertThat(json.get("resourcePath").asString()).isEqualTo("/mock");
		assertThat(json.get("status").asString()).isEqualTo("200");
		assertThat(json.get("protocol").asString()).isEqualTo("HTTP/1.1");
		assertThat(json.get("responseLength").asString()).isEqualTo("12");
	}

	@Test
	void xmlPresetIsWellFormedXml() throws Exception {
		assertThat(get("xml", "/items/3?status=404")).isEqualTo(404);
		Element request = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(new ByteArrayInputStream(awaitLines(1).get(0).getBytes(StandardCharsets.UTF_8)))
			.getDocumentElement();
		assertThat(request.getTagName()).isEqualTo("request");
		assertThat(request.getAttribute("id")).matches(UUID);
		assertThat(request.getElementsByTagName("status").item(0).getTextContent()).isEqualTo("404");
		assertThat(request.getElementsByTagName("resourcePath").item(0).getTextContent()).isEqualTo("/items/{id}");
	}

	@Test
	void csvPresetHasAwsColumns() {
		assertThat(get("csv", "/mock")).isEqualTo(200);
		String[] columns = awaitLines(1).get(0).split(",");
		assertThat(columns).hasSize(10);
		assertThat(columns[0]).isEqualTo("127.0.0.1");
		assertThat(columns[4]).isEqualTo("GET");
		assertThat(columns[5]).isEqualTo("/mock");
		assertThat(columns[6]).isEqualTo("HTTP/1.1");
		assertThat(columns[7]).isEqualTo("200");
		assertThat(columns[9]).matches(UUID);
	}

	@Test
	void gatewayResponsesAreLoggedWithTheirStatusAndLatencies() {
		assertThat(get("custom", "/slow")).isEqualTo(504);
		String line = awaitLines(1).get(0);
		assertThat(line).matches(UUID.pattern() + " GET /slow 504 \\d+ il=(\\d+) rl=(\\d+) key=- keyId=- pid=-");
		String[] parts = line.split(" ");
		long integrationLatency = Long.parseLong(parts[5].substring(3));
		long responseLatency = Long.parseLong(parts[6].substring(3));
		assertThat(integrationLatency).isGreaterThanOrEqualTo(100);
		assertThat(responseLatency).isGreaterThanOrEqualTo(integrationLatency);
	}

	@Test
	void apiKeysAndAuthorizationHeadersNeverAppear() {
		for (AccessLogPreset preset : AccessLogPreset.values()) {
			get(preset.name().toLowerCase(), "/items/1");
		}
		get("custom", "/items/1");
		assertThat(awaitLines(5)).hasSize(5)
			.noneMatch((line) -> line.contains("secret-api-key-value") || line.contains("secret-token-value")
					|| line.contains("Bearer"));
	}

	@Test
	void stagesWithoutAccessLogSettingsWriteNothing() throws InterruptedException {
		assertThat(get("quiet", "/mock")).isEqualTo(200);
		assertThat(get("clf", "/mock")).isEqualTo(200);
		assertThat(awaitLines(1)).hasSize(1).allMatch((line) -> line.contains("/mock"));
		Thread.sleep(100);
		assertThat(this.appender.list).hasSize(1);
	}

}
