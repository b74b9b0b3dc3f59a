package io.tollgate.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.CanarySettings;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.RestApi;
import io.tollgate.model.Stage;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.TestBackend;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static io.tollgate.test.TestApis.httpProxy;
import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API Gateway's CloudWatch metrics after real traffic through a running gateway: Count, Latency, 4XXError,
 * 5XXError and IntegrationLatency per API and stage, per method with detailed metrics, per canary; scraped the way
 * Prometheus does.
 */
class GatewayMetricsIntegrationTests extends BaseGatewayTests {

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	@Autowired
	MeterRegistry registry;

	@BeforeEach
	void serveApi() {
		if (this.apiRoutes.servedVersion("metered") < 0) {
			serve(meteredApi());
		}
	}

	/** Stage prod: detailed metrics for GET /items/{id} only. Stage beta: every request goes to the canary. */
	static ApiDefinition meteredApi() {
		ApiDefinition api = ApiDefinition.create(RestApi.named("metered", "Metered Shop \u2603"));
		api = withMethod(api, "/ok", method("GET", mock("{\"ok\": true}")));
		api = withMethod(api, "/items/{id}", method("GET", httpProxy("GET", backend.url() + "/items/{id}", null,
				Map.of("integration.request.path.id", "method.request.path.id"))));
		api = withMethod(api, "/slow", method("GET", httpProxy("GET", backend.url() + "/slow?delayMs=1000", 100,
				Map.of())));
		api = api.withDeployment("d1", null).withDeployment("d2", null);
		MethodSetting detailed = new MethodSetting(true, null, null, null, null, null, null, null, null, null);
		api = api.withStage(new Stage("prod", "d1", null, Map.of(), Map.of("items/{id}/GET", detailed), false, null,
				null, false, null, null, null, null));
		return api.withStage(Stage.of("beta", "d1", Map.of())
			.withCanarySettings(new CanarySettings("d2", 100.0, Map.of(), false)));
	}

	private WebClient.ResponseSpec call(String stage, String path) {
		return WebClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/restapis/metered/" + stage + "/_user_request_" + path)
			.retrieve();
	}

	private int statusOf(String stage, String path) {
		return call(stage, path).toBodilessEntity()
			.map((response) -> response.getStatusCode().value())
			.onErrorResume(WebClientResponseException.class, (ex) -> Mono.just(ex.getStatusCode().value()))
			.block(Duration.ofSeconds(10));
	}

	private static Tags tags(String stage, String method, String resource, boolean canary) {
		return Tags.of(MeterNames.TAG_API_NAME, "Metered Shop", MeterNames.TAG_API_ID, "metered",
				MeterNames.TAG_STAGE, stage, MeterNames.TAG_METHOD, method, MeterNames.TAG_RESOURCE, resource,
				MeterNames.TAG_CANARY, Boolean.toString(canary));
	}

	private Timer requests(Tags tags, String status) {
		return this.registry.get(MeterNames.REQUESTS).tags(tags).tag(MeterNames.TAG_STATUS, status).timer();
	}

	private Timer integrationLatency(Tags tags) {
		return this.registry.get(MeterNames.INTEGRATION_LATENCY).tags(tags).timer();
	}

	/** The request timer is recorded right after the response is written: wait for it. */
	private void awaitCount(Timer timer, long count) {
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> timer.count() >= count);
		assertThat(timer.count()).isEqualTo(count);
	}

	@Test
	void stageWithoutDetailedMetricsCountsEveryMethodUnderTheStage() {
		Tags stage = tags("prod", MethodTags.ALL, MethodTags.ALL, false);
		long before = requests(stage, "2xx").count();
		for (int i = 0; i < 3; i++) {
			assertThat(statusOf("prod", "/ok")).isEqualTo(200);
		}
		awaitCount(requests(stage, "2xx"), before + 3);
		assertThat(this.registry.find(MeterNames.REQUESTS).tag(MeterNames.TAG_RESOURCE, "/ok").timers()).isEmpty();
	}

	@Test
	void detailedMetricsCountEachMethodByResourcePathNeverTheRawUrl() {
		Tags items = tags("prod", "GET", "/items/{id}", false);
		long ok = requests(items, "2xx").count();
		long clientErrors = requests(items, "4xx").count();
		long serverErrors = requests(items, "5xx").count();
		long integrations = integrationLatency(items).count();
		assertThat(statusOf("prod", "/items/1")).isEqualTo(200);
		assertThat(statusOf("prod", "/items/2?status=404")).isEqualTo(404);
		assertThat(statusOf("prod", "/items/3?status=503")).isEqualTo(503);
		awaitCount(requests(items, "5xx"), serverErrors + 1);
		awaitCount(requests(items, "4xx"), clientErrors + 1);
		awaitCount(requests(items, "2xx"), ok + 1);
		assertThat(integrationLatency(items).count()).isEqualTo(integrations + 3);
		assertThat(this.registry.find(MeterNames.REQUESTS).tag(MeterNames.TAG_RESOURCE, "/items/1").timers())
			.isEmpty();
	}

	@Test
	void latencyCoversTheWholeRequestAndIntegrationLatencyTheBackend() {
		Tags items = tags("prod", "GET", "/items/{id}", false);
		long count = requests(items, "2xx").count();
		assertThat(statusOf("prod", "/items/9?delayMs=150")).isEqualTo(200);
		awaitCount(requests(items, "2xx"), count + 1);
		assertThat(requests(items, "2xx").max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(150);
		assertThat(integrationLatency(items).max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(150);
		assertThat(requests(items, "2xx").max(TimeUnit.MILLISECONDS))
			.isGreaterThanOrEqualTo(integrationLatency(items).max(TimeUnit.MILLISECONDS));
	}

	@Test
	void gatewayResponsesCountWithTheirStatus() {
		Tags stage = tags("prod", MethodTags.ALL, MethodTags.ALL, false);
		long timeouts = requests(stage, "5xx").count();
		long integrations = integrationLatency(stage).count();
		assertThat(statusOf("prod", "/slow")).isEqualTo(504);
		awaitCount(requests(stage, "5xx"), timeouts + 1);
		assertThat(integrationLatency(stage).count()).isEqualTo(integrations + 1);
		assertThat(integrationLatency(stage).max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(100);
	}

	@Test
	void canaryRequestsAreToldApartFromTheBase() {
		Tags canary = tags("beta", MethodTags.ALL, MethodTags.ALL, true);
		long before = this.registry.find(MeterNames.REQUESTS).tags(canary).tag(MeterNames.TAG_STATUS, "2xx")
			.timers().stream().mapToLong(Timer::count).sum();
		assertThat(statusOf("beta", "/ok")).isEqualTo(200);
		awaitCount(requests(canary, "2xx"), before + 1);
		assertThat(requests(tags("beta", MethodTags.ALL, MethodTags.ALL, false), "2xx").count()).isZero();
	}

	@Test
	void prometheusScrapeShowsPercentileHistogramsAndRouteRebuilds() {
		assertThat(statusOf("prod", "/items/5")).isEqualTo(200);
		Counter rebuilds = this.registry.get(MeterNames.ROUTE_REBUILDS).tag(MeterNames.TAG_OUTCOME, "success").counter();
		assertThat(rebuilds.count()).isGreaterThanOrEqualTo(1);
		String scrape = WebClient.create("http://127.0.0.1:" + this.managementPort)
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
		assertThat(scrape).contains("tollgate_requests_seconds_bucket{api=\"Metered Shop\",api_id=\"metered\","
				+ "canary=\"false\",method=\"GET\",resource=\"/items/{id}\",stage=\"prod\",status=\"2xx\",le=\"")
			.contains("tollgate_integration_latency_seconds_bucket{api=\"Metered Shop\"")
			.contains("tollgate_routes_rebuilds_total{outcome=\"success\"}")
			.doesNotContain("/items/5");
	}

	@Test
	void unknownResourcesAreNotMeteredAsMethods() {
		long meters = this.registry.find(MeterNames.REQUESTS).tag(MeterNames.TAG_API_ID, "metered").timers().size();
		assertThat(statusOf("prod", "/nothing/here")).isEqualTo(403);
		assertThat(this.registry.find(MeterNames.REQUESTS).tag(MeterNames.TAG_API_ID, "metered").timers())
			.hasSize((int) meters);
	}

}
