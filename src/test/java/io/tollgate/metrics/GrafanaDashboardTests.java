package io.tollgate.metrics;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Integration;
import io.tollgate.model.Method;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.ModelIds;
import io.tollgate.model.RestApi;
import io.tollgate.model.Stage;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.DefinitionStore;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.TestBackend;
import io.tollgate.test.TestRedis;
import io.tollgate.test.TestWebSocket;
import io.tollgate.test.TestWebSocketApis;
import io.tollgate.usage.ApiKey;
import io.tollgate.usage.ApiStage;
import io.tollgate.usage.QuotaPeriod;
import io.tollgate.usage.QuotaSettings;
import io.tollgate.usage.ThrottleSettings;
import io.tollgate.usage.UsagePlan;
import io.tollgate.usage.UsageStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static io.tollgate.test.TestApis.httpProxy;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboards in {@code grafana/dashboards} only query what Tollgate exports: a gateway on Redis serves
 * traffic that makes every metric family appear (requests of each status class, integrations, cache hits and misses,
 * throttled and quota-rejected calls, an authorizer, Redis commands, a WebSocket message), then every panel's and template variable's
 * PromQL is checked against the scrape of {@code /actuator/prometheus}: each metric name exists, and each label it
 * filters or groups by is one the metric carries.
 */
// The context is this class's alone (its Redis URL): left in the cache, it would reconnect to the stopped Redis for
// the rest of the run.
@DirtiesContext
class GrafanaDashboardTests extends BaseGatewayTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	@RegisterExtension
	static final TestBackend backend = new TestBackend();

	private static final Path DASHBOARDS = Path.of("grafana/dashboards");

	/** A metric name followed by an optional selector; names inside quotes and ranges are removed before. */
	private static final Pattern METRIC = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{([^}]*)\\})?");

	private static final Set<String> PROMQL_WORDS = Set.of("sum", "rate", "increase", "histogram_quantile", "by",
			"without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "avg",
			"max", "min", "count", "label_values", "le");

	@Autowired
	UsageStore usage;

	@Autowired
	DefinitionStore<ApiV2Definition> v2Store;

	/** Scraped once, after the traffic, for every test of the class. */
	private static String scrape;

	@DynamicPropertySource
	static void redisUrl(DynamicPropertyRegistry registry) {
		registry.add("tollgate.redis.url", redis::url);
		registry.add("tollgate.redis.key-prefix", () -> "dashboards:");
	}

	@BeforeEach
	void serveTrafficThenScrape() {
		if (scrape != null) {
			return;
		}
		serve(api());
		String throttledKey = keyInPlan(new ThrottleSettings(1, 0.01), null);
		String quotaKey = keyInPlan(null, new QuotaSettings(1, 0, QuotaPeriod.DAY));
		assertThat(status("/cached", null)).isEqualTo(200);
		assertThat(status("/cached", null)).isEqualTo(200);
		assertThat(status("/items/1", null)).isEqualTo(200);
		assertThat(status("/items/2?status=404", null)).isEqualTo(404);
		assertThat(status("/items/3?status=503", null)).isEqualTo(503);
		assertThat(status("/secure", null)).isEqualTo(403);
		assertThat(status("/limited", throttledKey)).isEqualTo(200);
		assertThat(status("/limited", throttledKey)).isEqualTo(429);
		assertThat(status("/limited", quotaKey)).isEqualTo(200);
		assertThat(status("/limited", quotaKey)).isEqualTo(429);
		webSocketMessage();
		scrape = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
	}

	/** A WebSocket API's stage answering a message: its meters appear (all of a stage at its first event). */
	private void webSocketMessage() {
		ApiV2Definition api = TestWebSocketApis.withRoute(TestWebSocketApis.api("dashws"), "$default",
				TestWebSocketApis.mock("reply", 200), true);
		api = api.withIntegrationResponse("reply", TestWebSocketApis.response("$default", "ok"));
		this.v2Store.save(TestWebSocketApis.deploy(api, "d1", "prod"), DefinitionStore.ABSENT).block();
		URI uri = URI.create("ws://127.0.0.1:" + this.port + "/restapis/dashws/prod/_user_request_");
		try (TestWebSocket client = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.until(() -> TestWebSocket.connect(uri), Objects::nonNull)) {
			client.send("hello");
			assertThat(client.nextMessage()).isEqualTo("ok");
		}
	}

	/** Stage prod: detailed metrics for every method, caching for GET /cached. */
	private static ApiDefinition api() {
		ApiDefinition api = ApiDefinition.create(RestApi.named("dash", "Dashboard API"));
		api = withMethod(api, "/items/{id}", method("GET", AuthorizationType.NONE, false,
				httpProxy("GET", backend.url() + "/items/{id}", null,
						Map.of("integration.request.path.id", "method.request.path.id"))));
		api = withMethod(api, "/secure", method("GET", AuthorizationType.AWS_IAM, false, mock("{}")));
		api = withMethod(api, "/limited", method("GET", AuthorizationType.NONE, true, mock("{}")));
		api = withMethod(api, "/cached", method("GET", AuthorizationType.NONE, false, mock("{}")));
		api = api.withDeployment("d1", null);
		MethodSetting detailed = new MethodSetting(true, null, null, null, null, false, null, null, null, null);
		MethodSetting cached = new MethodSetting(null, null, null, null, null, true, 300, null, null, null);
		return api.withStage(new Stage("prod", "d1", null, Map.of(),
				Map.of(MethodSetting.ALL_METHODS, detailed, "cached/GET", cached), true, "0.5", null, false, null,
				null, null, null));
	}

	private static Method method(String verb, AuthorizationType authorization, boolean apiKeyRequired,
			Integration integration) {
		return new Method(verb, authorization, null, apiKeyRequired, null, null, null, null, null, null,
				integration);
	}

	/** An API key in a plan of its own for dash/prod; returns the key's value. */
	private String keyInPlan(ThrottleSettings throttle, QuotaSettings quota) {
		Instant now = Instant.now();
		ApiKey key = this.usage.createApiKey(new ApiKey(ModelIds.random(), ApiKey.generateValue(), "key", null, true,
				null, now, now, null, null)).block();
		UsagePlan plan = this.usage.createUsagePlan(new UsagePlan(ModelIds.random(), "plan", null,
				List.of(ApiStage.of("dash", "prod")), throttle, quota, null, null)).block();
		this.usage.createUsagePlanKey(plan.id(), key.id()).block();
		return key.value();
	}

	private int status(String path, String apiKey) {
		return this.client.get()
			.uri("/restapis/dash/prod/_user_request_" + path)
			.headers((headers) -> {
				if (apiKey != null) {
					headers.set("x-api-key", apiKey);
				}
			})
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
	}

	@Test
	void everyQueriedMetricIsExportedWithTheLabelsTheQueryUses() throws IOException {
		Map<String, Set<String>> exported = exportedLabels(scrape);
		List<String> problems = new ArrayList<>();
		int queries = 0;
		for (Path file : dashboards()) {
			for (String query : queries(JsonMapper.builder().build().readTree(file.toFile()))) {
				queries++;
				Map<String, Set<String>> used = metricsIn(query);
				assertThat(used).as("metrics in %s", query).isNotEmpty();
				used.forEach((metric, labels) -> {
					if (!exported.containsKey(metric)) {
						problems.add(file.getFileName() + ": " + metric + " is not exported (" + query + ")");
					}
					else if (!exported.get(metric).containsAll(labels)) {
						problems.add(file.getFileName() + ": " + metric + " has no label among " + labels + " but "
								+ exported.get(metric));
					}
				});
			}
		}
		assertThat(queries).isGreaterThan(30);
		assertThat(problems).isEmpty();
	}

	@Test
	void dashboardsHaveTemplateVariablesForApiAndStage() throws IOException {
		for (Path file : dashboards()) {
			JsonNode dashboard = JsonMapper.builder().build().readTree(file.toFile());
			List<String> variables = new ArrayList<>();
			dashboard.get("templating").get("list").forEach((variable) -> variables.add(variable.get("name").asString()));
			assertThat(variables).as("%s", file).contains("datasource", "api_id", "stage");
			assertThat(dashboard.get("uid").asString()).isEqualTo(file.getFileName().toString().replace(".json", ""));
		}
	}

	private static List<Path> dashboards() throws IOException {
		try (Stream<Path> files = Files.list(DASHBOARDS)) {
			List<Path> found = files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
			assertThat(found).hasSize(3);
			return found;
		}
	}

	/** Every panel target's {@code expr} and every query variable's query. */
	private static List<String> queries(JsonNode dashboard) {
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			if (panel.has("targets")) {
				panel.get("targets").forEach((target) -> queries.add(target.get("expr").asString()));
			}
		}
		for (JsonNode variable : dashboard.get("templating").get("list")) {
			if ("query".equals(variable.get("type").asString())) {
				queries.add(variable.get("query").get("query").asString());
			}
		}
		return queries;
	}

	/** Metric names of a PromQL query, each with the labels the query filters or groups it by. */
	static Map<String, Set<String>> metricsIn(String query) {
		String plain = query.replaceAll("\\[[^]]*\\]", "");
		Set<String> grouping = new HashSet<>();
		Matcher by = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)").matcher(plain);
		while (by.find()) {
			for (String label : by.group(1).split(",")) {
				if (!label.isBlank() && !label.trim().equals("le")) {
					grouping.add(label.trim());
				}
			}
		}
		plain = plain.replaceAll("\\b(?:by|without)\\s*\\([^)]*\\)", "");
		Matcher values = Pattern.compile("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?,\\s*([a-z_]+)\\)")
			.matcher(plain);
		Map<String, Set<String>> metrics = new HashMap<>();
		if (values.find()) {
			Set<String> labels = new HashSet<>(labelsOf(values.group(2)));
			labels.add(values.group(3));
			metrics.put(values.group(1), labels);
			return metrics;
		}
		Matcher matcher = METRIC.matcher(plain);
		while (matcher.find()) {
			String name = matcher.group(1);
			int next = matcher.end(1);
			boolean call = next < plain.length() && plain.substring(next).stripLeading().startsWith("(")
					&& matcher.group(2) == null;
			if (PROMQL_WORDS.contains(name) || call || Character.isDigit(name.charAt(0))) {
				continue;
			}
			Set<String> labels = metrics.computeIfAbsent(name, (key) -> new HashSet<>());
			labels.addAll(labelsOf(matcher.group(2)));
			labels.addAll(grouping);
		}
		return metrics;
	}

	private static Set<String> labelsOf(String selector) {
		Set<String> labels = new HashSet<>();
		if (selector != null) {
			Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"").matcher(selector);
			while (label.find()) {
				labels.add(label.group(1));
			}
		}
		return labels;
	}

	/** Each exported series name with the union of its label names ({@code instance} is Prometheus's own). */
	static Map<String, Set<String>> exportedLabels(String scrape) {
		Map<String, Set<String>> exported = new HashMap<>();
		for (String line : scrape.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int brace = line.indexOf('{');
			int space = line.indexOf(' ');
			String name = line.substring(0, (brace > 0 && brace < space) ? brace : space);
			Set<String> labels = exported.computeIfAbsent(name, (key) -> new HashSet<>(Set.of("instance")));
			if (brace > 0 && brace < space) {
				labels.addAll(labelsOf(line.substring(brace, line.lastIndexOf('}') + 1)));
			}
		}
		return exported;
	}

}
