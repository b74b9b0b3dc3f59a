package io.tollgate.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static io.tollgate.deploy.RenderedManifests.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} and the {@code Dockerfile} it builds, without a Docker engine: the compose file parses,
 * wires the gateway to Redis, Prometheus to the gateway's actuator and Grafana to Prometheus and the dashboards, and
 * every file it mounts exists; the Dockerfile is multi-stage, runs as a non-root user from Spring Boot's layers.
 */
class DockerComposeTests {

	private static Map<String, Object> yaml(Path file) throws IOException {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		return new Yaml(new SafeConstructor(options)).load(Files.readString(file));
	}

	@Test
	void composeRunsGatewayRedisPrometheusAndGrafana() throws IOException {
		Map<String, Object> services = value(yaml(Path.of("docker-compose.yml")), "services");
		assertThat(services).containsOnlyKeys("gateway", "redis", "prometheus", "grafana");
		assertThat((String) value(services, "gateway.build")).isEqualTo(".");
		assertThat((Map<String, Object>) value(services, "gateway.environment"))
			.containsEntry("TOLLGATE_REDIS_URL", "redis://redis:6379");
		assertThat((List<String>) value(services, "gateway.ports")).contains("8080:8080", "8081:8081", "8082:8082");
		assertThat((Boolean) value(services, "gateway.read_only")).isTrue();
		assertThat((List<String>) value(services, "gateway.depends_on")).contains("redis");
		assertThat((List<String>) value(services, "grafana.depends_on")).contains("prometheus");
	}

	@Test
	void everyMountedFileExists() throws IOException {
		Map<String, Object> services = value(yaml(Path.of("docker-compose.yml")), "services");
		int mounts = 0;
		for (Map.Entry<String, Object> service : services.entrySet()) {
			List<String> volumes = value(service.getValue(), "volumes");
			for (String volume : (volumes != null) ? volumes : List.<String>of()) {
				String source = volume.split(":")[0];
				assertThat(source).as("%s mounts a path of the repository", service.getKey()).startsWith("./");
				assertThat(Path.of(source)).as("%s mounts %s", service.getKey(), source).exists();
				mounts++;
			}
		}
		assertThat(mounts).isEqualTo(4);
	}

	@Test
	void prometheusScrapesTheGatewaysActuator() throws IOException {
		Map<String, Object> job = value(yaml(Path.of("prometheus/prometheus.yml")), "scrape_configs.0");
		assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
		assertThat((List<String>) value(job, "static_configs.0.targets")).containsExactly("gateway:8082");
	}

	@Test
	void grafanaIsProvisionedWithPrometheusAndTheDashboards() throws IOException {
		Map<String, Object> datasource = value(yaml(Path.of("grafana/provisioning/datasources/prometheus.yml")),
				"datasources.0");
		assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
		Map<String, Object> provider = value(yaml(Path.of("grafana/provisioning/dashboards/tollgate.yml")),
				"providers.0");
		assertThat((String) value(provider, "options.path")).isEqualTo("/var/lib/grafana/dashboards");
		Map<String, Object> services = value(yaml(Path.of("docker-compose.yml")), "services");
		assertThat((List<String>) value(services, "grafana.volumes"))
			.contains("./grafana/dashboards:/var/lib/grafana/dashboards:ro");
		assertThat(Path.of("grafana/dashboards/tollgate-overview.json")).exists();
		assertThat(Path.of("grafana/dashboards/tollgate-api.json")).exists();
		assertThat(Path.of("grafana/dashboards/tollgate-websocket.json")).exists();
	}

	@Test
	void dockerfileBuildsInOneStageAndRunsSpringBootLayersAsNonRoot() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
		assertThat(lines).filteredOn((line) -> line.startsWith("FROM ")).hasSize(2);
		assertThat(lines).filteredOn((line) -> line.startsWith("COPY --from=build /layers/")).hasSize(4);
		assertThat(lines).contains("USER 10001:10001");
		assertThat(lines).anyMatch((line) -> line.contains("-Djarmode=tools") && line.contains("--layers"));
		assertThat(lines).anyMatch((line) -> line.startsWith("ENTRYPOINT [\"/app/entrypoint.sh\""));
		for (String line : lines) {
			if (line.startsWith("COPY ") && !line.startsWith("COPY --from")) {
				String[] parts = line.split("\\s+");
				for (int i = 1; i < parts.length - 1; i++) {
					assertThat(Path.of(parts[i])).as(line).exists();
				}
			}
		}
	}

	@Test
	void entrypointGivesDirectMemoryItsShareOfTheContainersLimit(@TempDir Path dir) throws Exception {
		Path limit = Files.writeString(dir.resolve("memory.max"), "536870912\n");
		assertThat(maxDirectMemoryFlag(limit, "")).isEqualTo(107374180L);
		assertThat(maxDirectMemoryFlag(limit, "-XX:MaxDirectMemorySize=32m")).isEqualTo(32L * 1024 * 1024);
		assertThat(maxDirectMemoryFlag(Files.writeString(dir.resolve("unlimited"), "max\n"), "")).isZero();
	}

	/** MaxDirectMemorySize as the JVM started by the image's entrypoint sees it (0: the JVM's default). */
	private static long maxDirectMemoryFlag(Path limitFile, String javaToolOptions) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("sh", "src/main/docker/entrypoint.sh", "-XX:+PrintFlagsFinal",
				"-version").redirectErrorStream(true);
		builder.environment().put("TOLLGATE_MEMORY_LIMIT_FILE", limitFile.toString());
		builder.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		Matcher flag = Pattern.compile("MaxDirectMemorySize\\s+=\\s+(\\d+)").matcher(output);
		assertThat(flag.find()).as(output).isTrue();
		return Long.parseLong(flag.group(1));
	}

}
