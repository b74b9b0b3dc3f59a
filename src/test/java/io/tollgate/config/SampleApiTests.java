package io.tollgate.config;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import io.tollgate.TollgateApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's promise: {@code ./mvnw spring-boot:run} (profile "sample", port 8080) serves the pet store, and the
 * curl lines it shows work. Runs on port 8080 as the README does, when that port is free.
 */
class SampleApiTests {

	@TempDir
	static Path dataDir;

	private static ConfigurableApplicationContext gateway;

	private static WebTestClient client;

	@BeforeAll
	static void startLikeSpringBootRun() {
		assumeTrue(isFree(8080), "port 8080 is taken");
		gateway = new SpringApplicationBuilder(TollgateApplication.class).profiles("sample")
			.run("--management.server.port=0", "--tollgate.data-dir=" + dataDir);
		client = WebTestClient.bindToServer().baseUrl("http://localhost:8080").build();
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
	}

	@Test
	void mockMethodListsThePets() {
		client.get()
			.uri("/prod/pets")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "*")
			.expectBody()
			.jsonPath("$[1].type")
			.isEqualTo("cat");
	}

	@Test
	void httpProxyMethodReachesTheBackendFromTheStageVariable() {
		client.get().uri("/prod/pets/2").exchange().expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(2);
		client.get()
			.uri("/prod/pets/9")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.message")
			.isEqualTo("No pet 9");
	}

	@Test
	void pathStyleAndHostStyleInvokeUrlsServeTheSameApi() {
		client.get().uri("/restapis/petstore/prod/_user_request_/pets").exchange().expectStatus().isOk();
		client.get()
			.uri("/prod/pets")
			.header(HttpHeaders.HOST, "petstore.execute-api.localhost")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void unknownPathIsMissingAuthenticationToken() {
		client.get()
			.uri("/prod/nothing")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.json("{\"message\":\"Missing Authentication Token\"}");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
