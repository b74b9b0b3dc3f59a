package io.tollgate.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.tollgate.TollgateApplication;
import io.tollgate.model.ApiDefinition;
import io.tollgate.test.TestApis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** On embedded defaults, a restart loses nothing: the next instance on the same data directory serves it all. */
class EmbeddedRestartIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void restartedGatewayServesEverythingStoredBefore() {
		ApiDefinition api = TestApis.deploy(TestApis.withMethod(TestApis.api("durable"), "/hello",
				TestApis.method("GET", TestApis.mock("{\"durable\": true}"))), "d1", "prod", Map.of());
		try (ConfigurableApplicationContext first = start()) {
			first.getBean(ApiStore.class).save(api, ApiStore.ABSENT).block();
		}
		assertThat(Files.exists(this.dataDir.resolve("apis").resolve("durable.json"))).isTrue();
		try (ConfigurableApplicationContext second = start()) {
			int port = ((WebServerApplicationContext) second).getWebServer().getPort();
			assertThat(WebClient.create("http://127.0.0.1:" + port)
				.get()
				.uri("/restapis/durable/prod/_user_request_/hello")
				.retrieve()
				.bodyToMono(String.class)
				.block()).isEqualTo("{\"durable\": true}");
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(TollgateApplication.class).run("--server.port=0",
				"--management.server.port=0", "--tollgate.data-dir=" + this.dataDir);
	}

}
