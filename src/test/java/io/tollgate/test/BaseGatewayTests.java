package io.tollgate.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;

import io.tollgate.model.ApiDefinition;
import io.tollgate.routing.ApiRouteLocator;
import io.tollgate.store.ApiStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Integration tests against a running Tollgate on random ports (data plane and actuator), on embedded defaults
 * with a fresh data directory per test class. APIs are put into the store and the tests wait until their routes
 * serve.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tollgate.default-api=" })
public abstract class BaseGatewayTests {

	@LocalServerPort
	protected int port;

	@LocalManagementPort
	protected int managementPort;

	@Autowired
	protected ApiStore store;

	@Autowired
	protected RouteLocator routeLocator;

	@Autowired
	protected ApiRouteLocator apiRoutes;

	protected WebTestClient client;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		try {
			String dir = Files.createTempDirectory("tollgate-test-").toString();
			registry.add("tollgate.data-dir", () -> dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@BeforeEach
	void bindClient() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	/** Stores the API (replacing the stored one) and waits until the gateway serves each of its stages. */
	protected ApiDefinition serve(ApiDefinition api) {
		ApiDefinition current = this.store.find(api.id()).block();
		long expected = (current != null) ? current.version() : ApiStore.ABSENT;
		ApiDefinition toSave = api.withVersion(expected + 1);
		ApiDefinition saved = Objects.requireNonNull(this.store.save(toSave, expected).block());
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.apiRoutes.servedVersion(api.id()) == saved.version());
		return saved;
	}

}
