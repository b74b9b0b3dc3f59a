package io.tollgate.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.tollgate.domain.DomainDefinitionFiles;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.DomainName;
import io.tollgate.store.ApiDocument;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.tollgate.deploy.RenderedManifests.env;
import static io.tollgate.deploy.RenderedManifests.named;
import static io.tollgate.deploy.RenderedManifests.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Helm chart ({@code helm/tollgate}), linted and rendered by Helm itself through helm-java (no helm binary), with
 * assertions on the rendered objects for the default values and the {@code ci/*-values.yaml} variants.
 */
class HelmChartTests {

	static final Path CHART = Path.of("helm/tollgate");

	private static final String RELEASE = "gw";

	private static final String FULLNAME = "gw-tollgate";

	static RenderedManifests render(TemplateCommand command) {
		return RenderedManifests.parse(command.call());
	}

	static TemplateCommand template() {
		return new Helm(CHART).template().withName(RELEASE).withNamespace("apis").withKubeVersion("1.30.0");
	}

	static TemplateCommand template(String valuesFile) {
		return template().withValuesFile(CHART.resolve("ci").resolve(valuesFile));
	}

	@Test
	void chartPassesStrictLint() {
		LintResult lint = new Helm(CHART).lint().strict().call();
		assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
		assertThat(lint.getMessages()).noneMatch((message) -> message.contains("[WARNING]")
				|| message.contains("[ERROR]"));
	}

	@Test
	void defaultsRenderTheGatewayWithRedisAutoscalingAndDashboards() {
		RenderedManifests manifests = render(template());
		assertThat(manifests.kindsAndNames()).containsExactlyInAnyOrder("ServiceAccount/" + FULLNAME,
				"Secret/" + FULLNAME + "-redis", "ConfigMap/" + FULLNAME + "-definitions",
				"ConfigMap/" + FULLNAME + "-dashboard-tollgate-overview",
				"ConfigMap/" + FULLNAME + "-dashboard-tollgate-api",
				"ConfigMap/" + FULLNAME + "-dashboard-tollgate-websocket", "Service/" + FULLNAME,
				"Service/" + FULLNAME + "-admin", "Service/" + FULLNAME + "-redis", "Deployment/" + FULLNAME,
				"Deployment/" + FULLNAME + "-redis", "HorizontalPodAutoscaler/" + FULLNAME,
				"PodDisruptionBudget/" + FULLNAME);
	}

	@Nested
	class GatewayDeployment {

		private final Map<String, Object> deployment = render(template()).get("Deployment", FULLNAME);

		private final Map<String, Object> container = named(value(this.deployment, "spec.template.spec.containers"),
				"tollgate");

		@Test
		void probesAskTheActuatorOnTheManagementPort() {
			assertThat((String) value(this.container, "livenessProbe.httpGet.path"))
				.isEqualTo("/actuator/health/liveness");
			assertThat((String) value(this.container, "readinessProbe.httpGet.path"))
				.isEqualTo("/actuator/health/readiness");
			assertThat((String) value(this.container, "readinessProbe.httpGet.port")).isEqualTo("management");
			assertThat((Integer) named(value(this.container, "ports"), "management").get("containerPort"))
				.isEqualTo(8082);
		}

		@Test
		void runsAsNonRootOnAReadOnlyRootFilesystemWithWritableDataAndTmp() {
			assertThat((Boolean) value(this.deployment, "spec.template.spec.securityContext.runAsNonRoot")).isTrue();
			assertThat((Boolean) value(this.container, "securityContext.readOnlyRootFilesystem")).isTrue();
			assertThat((Boolean) value(this.container, "securityContext.allowPrivilegeEscalation")).isFalse();
			assertThat((List<String>) value(this.container, "securityContext.capabilities.drop")).containsExactly("ALL");
			List<Map<String, Object>> volumes = value(this.deployment, "spec.template.spec.volumes");
			assertThat(named(volumes, "data")).containsKey("emptyDir");
			assertThat(named(volumes, "tmp")).containsKey("emptyDir");
			assertThat(named(value(this.container, "volumeMounts"), "data").get("mountPath")).isEqualTo("/data");
			assertThat(env(this.container)).containsEntry("TOLLGATE_DATADIR", "/data");
		}

		@Test
		void hasResourcesAndTheOperationalContractsPorts() {
			assertThat((Object) value(this.container, "resources.requests.cpu")).isNotNull();
			assertThat((Object) value(this.container, "resources.limits.memory")).isNotNull();
			assertThat(env(this.container)).containsEntry("SERVER_PORT", "8080")
				.containsEntry("TOLLGATE_ADMIN_PORT", "8081")
				.containsEntry("MANAGEMENT_SERVER_PORT", "8082")
				.containsEntry("TOLLGATE_DEFINITIONSDIR", "/etc/tollgate/definitions");
		}

		@Test
		void sizesHeapAndDirectMemoryFromTheContainersLimit() {
			assertThat((String) env(this.container).get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=45");
			assertThat(env(this.container)).containsEntry("TOLLGATE_DIRECT_MEMORY_PERCENT", "20")
				.containsEntry("MALLOC_ARENA_MAX", "2");
		}

		@Test
		void usesTheInChartRedisWithItsGeneratedPassword() {
			Map<String, Object> env = env(this.container);
			assertThat(env).containsEntry("TOLLGATE_REDIS_URL",
					"redis://:$(TOLLGATE_REDIS_PASSWORD)@" + FULLNAME + "-redis:6379");
			assertThat((String) value(env.get("TOLLGATE_REDIS_PASSWORD"), "secretKeyRef.name"))
				.isEqualTo(FULLNAME + "-redis");
			assertThat(new ArrayList<>(env.keySet())).containsSubsequence("TOLLGATE_REDIS_PASSWORD",
					"TOLLGATE_REDIS_URL");
		}

		@Test
		void autoscaledSoTheReplicaCountIsTheAutoscalers() {
			assertThat(value(this.deployment, "spec") instanceof Map<?, ?> spec && !spec.containsKey("replicas"))
				.isTrue();
		}

	}

	@Test
	void dataPlaneAndAdminHaveSeparateServices() {
		RenderedManifests manifests = render(template());
		Map<String, Object> dataPlane = manifests.get("Service", FULLNAME);
		assertThat(((List<?>) value(dataPlane, "spec.ports"))).hasSize(1);
		assertThat((String) value(dataPlane, "spec.ports.0.targetPort")).isEqualTo("http");
		Map<String, Object> admin = manifests.get("Service", FULLNAME + "-admin");
		assertThat((List<Map<String, Object>>) value(admin, "spec.ports")).extracting((port) -> port.get("name"))
			.containsExactly("admin", "management");
		assertThat((Map<String, Object>) value(admin, "spec.selector"))
			.isEqualTo(value(manifests.get("Deployment", FULLNAME), "spec.selector.matchLabels"));
	}

	@Test
	void hpaAndDisruptionBudgetUseCurrentApis() {
		RenderedManifests manifests = render(template());
		assertThat(manifests.get("HorizontalPodAutoscaler", FULLNAME).get("apiVersion")).isEqualTo("autoscaling/v2");
		assertThat((String) value(manifests.get("HorizontalPodAutoscaler", FULLNAME), "spec.scaleTargetRef.name"))
			.isEqualTo(FULLNAME);
		assertThat(manifests.get("PodDisruptionBudget", FULLNAME).get("apiVersion")).isEqualTo("policy/v1");
	}

	@Test
	void dashboardConfigMapsCarryTheRepositorysDashboardsLabelledForTheGrafanaSidecar() throws IOException {
		RenderedManifests manifests = render(template());
		JsonMapper json = JsonMapper.builder().build();
		for (String dashboard : List.of("tollgate-overview", "tollgate-api", "tollgate-websocket")) {
			Map<String, Object> configMap = manifests.get("ConfigMap", FULLNAME + "-dashboard-" + dashboard);
			assertThat((String) value(configMap, "metadata.labels.grafana_dashboard")).isEqualTo("1");
			String rendered = ((Map<String, String>) value(configMap, "data")).get(dashboard + ".json");
			JsonNode expected = json.readTree(Files.readString(Path.of("grafana/dashboards", dashboard + ".json")));
			assertThat(json.readTree(rendered)).isEqualTo(expected);
		}
	}

	@Test
	void embeddedModeMountsValidDefinitionsAndAdminCredentialsWithoutRedis() {
		RenderedManifests manifests = render(template("embedded-values.yaml"));
		assertThat(manifests.has("Deployment", FULLNAME + "-redis")).isFalse();
		assertThat(manifests.has("HorizontalPodAutoscaler", FULLNAME)).isFalse();
		Map<String, Object> deployment = manifests.get("Deployment", FULLNAME);
		assertThat((Integer) value(deployment, "spec.replicas")).isEqualTo(1);
		Map<String, Object> env = env(named(value(deployment, "spec.template.spec.containers"), "tollgate"));
		assertThat(env).doesNotContainKey("TOLLGATE_REDIS_URL");
		assertThat((String) value(env.get("TOLLGATE_ADMIN_SECRETACCESSKEY"), "secretKeyRef.name"))
			.isEqualTo(FULLNAME + "-admin");
		Map<String, Object> secret = manifests.get("Secret", FULLNAME + "-admin");
		assertThat(new String(Base64.getDecoder().decode((String) value(secret, "data.admin-access-key-id"))))
			.isEqualTo("AKIDCHARTTEST");
		Map<String, Object> definitions = value(manifests.get("ConfigMap", FULLNAME + "-definitions"), "data");
		ApiDefinition orders = ApiDocument.read((String) definitions.get("orders.yaml"), true).applyTo(null);
		assertThat(orders.id()).isEqualTo("orders");
		assertThat(orders.stages()).containsKey("prod");
	}

	@Test
	void externalRedisAndServiceMonitor() {
		RenderedManifests manifests = render(template("external-redis-values.yaml"));
		assertThat(manifests.has("Deployment", FULLNAME + "-redis")).isFalse();
		assertThat(manifests.has("Secret", FULLNAME + "-redis")).isFalse();
		Map<String, Object> env = env(named(value(manifests.get("Deployment", FULLNAME), "spec.template.spec.containers"),
				"tollgate"));
		assertThat(env).containsEntry("TOLLGATE_REDIS_URL", "redis://redis.cache.svc:6379");
		assertThat((String) value(env.get("TOLLGATE_ADMIN_ACCESSKEYID"), "secretKeyRef.name"))
			.isEqualTo("tollgate-admin-credentials");
		Map<String, Object> monitor = manifests.get("ServiceMonitor", FULLNAME);
		assertThat((String) value(monitor, "spec.endpoints.0.path")).isEqualTo("/actuator/prometheus");
		assertThat((String) value(monitor, "spec.endpoints.0.port")).isEqualTo("management");
		assertThat(((Map<String, Object>) value(monitor, "spec.selector.matchLabels")))
			.containsEntry("app.kubernetes.io/component", "admin");
	}

	@Test
	void managedRedisClusterTakesItsPasswordFromASecretBeforeTheUrlThatUsesIt() {
		RenderedManifests manifests = render(template("redis-cluster-values.yaml"));
		assertThat(manifests.has("Deployment", FULLNAME + "-redis")).isFalse();
		Map<String, Object> env = env(named(value(manifests.get("Deployment", FULLNAME), "spec.template.spec.containers"),
				"tollgate"));
		assertThat(env).containsEntry("TOLLGATE_REDIS_URL",
				"rediss://:$(TOLLGATE_REDIS_PASSWORD)@clustercfg.tollgate.abc123.use1.cache.amazonaws.com:6379")
			.containsEntry("TOLLGATE_REDIS_CLUSTER", "true");
		assertThat((String) value(env.get("TOLLGATE_REDIS_PASSWORD"), "secretKeyRef.name"))
			.isEqualTo("tollgate-redis-auth");
		assertThat((String) value(env.get("TOLLGATE_REDIS_PASSWORD"), "secretKeyRef.key")).isEqualTo("auth-token");
		assertThat(new ArrayList<>(env.keySet())).containsSubsequence("TOLLGATE_REDIS_PASSWORD", "TOLLGATE_REDIS_URL");
	}

	@Test
	void aClusterWithoutAUrlIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> template().set("redis.cluster", "true").call())
			.withMessageContaining("redis.cluster needs redis.url");
	}

	@Test
	void severalReplicasWithoutRedisAreRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> template().set("redis.enabled", "false").set("autoscaling.enabled", "false").call())
			.withMessageContaining("Without Redis");
	}

	@Test
	void valuesSchemaRejectsNonsense() {
		assertThatIllegalStateException().isThrownBy(() -> template().set("replicaCount", "abc").call())
			.withMessageContaining("schema");
		assertThatIllegalStateException().isThrownBy(() -> template().set("redis.url", "http://nope").call())
			.withMessageContaining("schema");
	}

	@Test
	void tlsMountsCertificatesAndTruststoresAsSslBundlesAndDeclaresTheDomains() {
		RenderedManifests manifests = render(template("tls-values.yaml"));
		Map<String, Object> deployment = manifests.get("Deployment", FULLNAME);
		Map<String, Object> container = named(value(deployment, "spec.template.spec.containers"), "tollgate");
		Map<String, Object> env = env(container);
		assertThat(env).containsEntry("TOLLGATE_TLS_ENABLED", "true")
			.containsEntry("TOLLGATE_TLS_DEFAULTCERTIFICATE", "default");
		JsonNode bundles = JsonMapper.builder().build().readTree((String) env.get("SPRING_APPLICATION_JSON"));
		JsonNode pem = bundles.at("/spring/ssl/bundle/pem");
		assertThat(pem.at("/example-com/keystore/certificate").asString())
			.isEqualTo("/etc/tollgate/tls/certificates/example-com/tls.crt");
		assertThat(pem.at("/example-com/keystore/private-key").asString())
			.isEqualTo("/etc/tollgate/tls/certificates/example-com/tls.key");
		assertThat(pem.at("/example-com/reload-on-update").asBoolean()).isTrue();
		assertThat(pem.at("/example-com/keystore/verify-keys").asBoolean()).isTrue();
		assertThat(pem.at("/partners/truststore/certificate").asString())
			.isEqualTo("/etc/tollgate/tls/truststores/partners/ca.pem");
		assertThat(bundles.at("/spring/ssl/bundle/watch/file/quiet-period").asString()).isEqualTo("10s");
		Map<String, Object> certificateVolume = named(value(deployment, "spec.template.spec.volumes"),
				"certificate-example-com");
		assertThat((String) value(certificateVolume, "secret.secretName")).isEqualTo("example-com-tls");
		Map<String, Object> truststoreMount = named(value(container, "volumeMounts"), "truststore-partners");
		assertThat((String) value(truststoreMount, "mountPath")).isEqualTo("/etc/tollgate/tls/truststores/partners");
		assertThat((Boolean) value(truststoreMount, "readOnly")).isTrue();
		Map<String, Object> definitions = value(manifests.get("ConfigMap", FULLNAME + "-definitions"), "data");
		List<DomainName> domains = DomainDefinitionFiles.read((String) definitions.get("domains.domains.yaml"));
		assertThat(domains).singleElement().satisfies((domain) -> {
			assertThat(domain.domainName()).isEqualTo("api.example.com");
			assertThat(domain.certificate()).isEqualTo("example-com");
			assertThat(domain.mutualTlsAuthentication().truststoreUri()).isEqualTo("partners");
			assertThat(domain.apiMappings()).singleElement()
				.satisfies((mapping) -> assertThat(mapping.apiMappingKey()).isEqualTo("orders"));
		});
	}

	@Test
	void tlsWithoutItsDefaultCertificateIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> template().set("tls.enabled", "true").call())
			.withMessageContaining("tls.defaultCertificate");
	}

}
