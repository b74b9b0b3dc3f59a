package io.tollgate.routing;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tollgate.logging.AccessLog;
import io.tollgate.test.BaseHttpApiTests;
import io.tollgate.test.TestBackend;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.apigatewayv2.model.CreateApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP APIs written through the real {@code ApiGatewayV2Client} are served at once: a quick-created API, a change
 * to an {@code autoDeploy} stage within a second, the routes listed by the actuator and the stage's access log with
 * HTTP APIs' {@code $context} variables.
 */
class HttpApiServingTests extends BaseHttpApiTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	@Test
	void quickCreatedApiIsServedAtItsInvokeHostWithoutStageSegment() {
		CreateApiResponse api = this.v2.createApi((request) -> request.name("quick")
			.protocolType(ProtocolType.HTTP)
			.target(backend.url() + "/items")
			.routeKey("GET /items"));
		get(api.apiId(), "/items").exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo("/items");
		get(api.apiId(), "/other").exchange().expectStatus().isNotFound();
	}

	@Test
	void changeToAnAutoDeployStageIsServedWithinASecond() {
		CreateApiResponse api = this.v2.createApi((request) -> request.name("auto")
			.protocolType(ProtocolType.HTTP)
			.target(backend.url() + "/first")
			.routeKey("GET /first"));
		String integrationId = this.v2.createIntegration((request) -> request.apiId(api.apiId())
			.integrationType(IntegrationType.HTTP_PROXY)
			.integrationMethod("GET")
			.integrationUri(backend.url() + "/second")
			.payloadFormatVersion("1.0")).integrationId();
		long written = System.nanoTime();
		this.v2.createRoute((request) -> request.apiId(api.apiId())
			.routeKey("GET /second")
			.target("integrations/" + integrationId));
		Awaitility.await()
			.atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> get(api.apiId(), "/second").exchange().returnResult(String.class).getStatus().value() == 200);
		assertThat(Duration.ofNanos(System.nanoTime() - written)).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void actuatorListsHttpApiRoutesWithTheirRouteKeys() {
		CreateApiResponse api = this.v2.createApi((request) -> request.name("listed")
			.protocolType(ProtocolType.HTTP)
			.target(backend.url() + "/listed")
			.routeKey("GET /listed/{id}"));
		WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.build()
			.get()
			.uri("/actuator/gateway/routes")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[?(@.route_id == '" + api.apiId() + ":$default:GET /listed/{id}')].metadata.routeKey")
			.isEqualTo("GET /listed/{id}")
			.jsonPath("$[?(@.route_id == '" + api.apiId() + ":$default:GET /listed/{id}')].metadata.timeoutInMillis")
			.isEqualTo(30000)
			.jsonPath("$[?(@.route_id == '" + api.apiId() + ":$default:GET /listed/{id}')].metadata.response-timeout")
			.isEqualTo(-1);
	}

	@Test
	void accessLogLinesCarryHttpApisContextVariables() {
		CreateApiResponse api = this.v2.createApi((request) -> request.name("logged")
			.protocolType(ProtocolType.HTTP));
		String integrationId = this.v2.createIntegration((request) -> request.apiId(api.apiId())
			.integrationType(IntegrationType.HTTP_PROXY)
			.integrationMethod("GET")
			.integrationUri(backend.url() + "/logged")
			.payloadFormatVersion("1.0")).integrationId();
		this.v2.createRoute((request) -> request.apiId(api.apiId())
			.routeKey("GET /logged/{id}")
			.target("integrations/" + integrationId));
		this.v2.createStage((request) -> request.apiId(api.apiId())
			.stageName("$default")
			.autoDeploy(true)
			.accessLogSettings((settings) -> settings.destinationArn("arn:aws:logs:us-east-1:000000000000:log-group:l")
				.format("$context.requestId $context.routeKey $context.status $context.path")));
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER_NAME);
		appender.start();
		logger.addAppender(appender);
		try {
			String requestId = get(api.apiId(), "/logged/7").exchange()
				.expectStatus()
				.isOk()
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst("apigw-requestid");
			Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> !appender.list.isEmpty());
			List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
			assertThat(lines).contains(requestId + " GET /logged/{id} 200 /logged/7");
		}
		finally {
			logger.detachAppender(appender);
		}
	}

}
