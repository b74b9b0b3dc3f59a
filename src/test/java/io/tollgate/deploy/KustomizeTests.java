package io.tollgate.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.tollgate.deploy.RenderedManifests.env;
import static io.tollgate.deploy.RenderedManifests.named;
import static io.tollgate.deploy.RenderedManifests.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kustomize manifests ({@code k8s/}), rendered by {@code kubectl kustomize} (when kubectl is on the PATH; it
 * renders offline), are the chart's: the base equals the chart without Redis and one replica, the Redis overlay the
 * chart's defaults, object for object (kind, name, containers, environment, ports, probes, security, volumes).
 */
class KustomizeTests {

	private static String kubectl;

	@BeforeAll
	static void findKubectl() {
		kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.map((dir) -> Path.of(dir, "kubectl"))
			.filter(Files::isExecutable)
			.map(Path::toString)
			.findFirst()
			.orElse(null);
	}

	static RenderedManifests kustomize(String dir) throws IOException, InterruptedException {
		assumeTrue(kubectl != null, "kubectl is not on the PATH");
		Process process = new ProcessBuilder(kubectl, "kustomize", dir).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return RenderedManifests.parse(output);
	}

	private static TemplateCommand chart() {
		return new Helm(HelmChartTests.CHART).template()
			.withName("tollgate")
			.withNamespace("tollgate")
			.withKubeVersion("1.30.0")
			.set("grafana.dashboards.enabled", "false");
	}

	@Test
	void redisOverlayIsTheChartsDefaults() throws Exception {
		assertEquivalent(kustomize("k8s/overlays/redis"), RenderedManifests.parse(chart().call()));
	}

	@Test
	void baseIsTheChartOnEmbeddedDefaults() throws Exception {
		RenderedManifests chart = RenderedManifests.parse(chart().set("redis.enabled", "false")
			.set("autoscaling.enabled", "false")
			.set("replicaCount", "1")
			.set("podDisruptionBudget.enabled", "false")
			.call());
		assertEquivalent(kustomize("k8s/base"), chart);
	}

	private static void assertEquivalent(RenderedManifests kustomized, RenderedManifests chart) {
		assertThat(kustomized.kindsAndNames()).containsExactlyInAnyOrderElementsOf(chart.kindsAndNames());
		for (Map<String, Object> expected : chart.all()) {
			String kind = (String) expected.get("kind");
			String name = value(expected, "metadata.name");
			Map<String, Object> actual = kustomized.get(kind, name);
			assertThat(actual.get("apiVersion")).as("%s/%s", kind, name).isEqualTo(expected.get("apiVersion"));
			if (kind.equals("Deployment")) {
				assertSameDeployment(actual, expected);
			}
			else if (!kind.equals("Secret")) {
				assertThat((Object) value(actual, "spec")).as("%s/%s", kind, name).isEqualTo(value(expected, "spec"));
			}
		}
	}

	private static void assertSameDeployment(Map<String, Object> actual, Map<String, Object> expected) {
		assertThat((Object) value(actual, "spec.replicas")).isEqualTo(value(expected, "spec.replicas"));
		assertThat((Object) value(actual, "spec.selector")).isEqualTo(value(expected, "spec.selector"));
		Map<String, Object> actualPod = value(actual, "spec.template.spec");
		Map<String, Object> expectedPod = value(expected, "spec.template.spec");
		assertThat(actualPod.get("securityContext")).isEqualTo(expectedPod.get("securityContext"));
		assertThat(actualPod.get("volumes")).isEqualTo(expectedPod.get("volumes"));
		List<Map<String, Object>> expectedContainers = value(expectedPod, "containers");
		for (Map<String, Object> container : expectedContainers) {
			Map<String, Object> other = named(value(actualPod, "containers"), (String) container.get("name"));
			for (String key : List.of("image", "ports", "securityContext", "livenessProbe", "readinessProbe",
					"resources", "volumeMounts", "args")) {
				assertThat(other.get(key)).as("%s of %s", key, container.get("name")).isEqualTo(container.get(key));
			}
			if (container.containsKey("env")) {
				assertThat(env(other)).as("env of %s", container.get("name")).isEqualTo(env(container));
			}
		}
	}

}
