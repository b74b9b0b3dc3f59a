package io.tollgate.test;

import java.time.Duration;
import java.util.Objects;

import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.DefinitionStore;
import org.awaitility.Awaitility;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Integration tests of HTTP APIs against a running Tollgate (one Spring context for all of them): a Lambda Invoke
 * server for functions and an OpenID Connect issuer for JWTs. APIs are stored and the tests wait until they serve.
 */
public abstract class BaseHttpApiTests extends BaseGatewayTests {

	protected static final TestLambdaServer lambda = new TestLambdaServer().start();

	@Autowired
	protected DefinitionStore<ApiV2Definition> apiV2Store;

	@DynamicPropertySource
	static void httpApiProperties(DynamicPropertyRegistry registry) {
		registry.add("tollgate.lambda.endpoint", () -> lambda.endpoint().toString());
		registry.add("tollgate.lambda.access-key-id", () -> "AKIDLAMBDA");
		registry.add("tollgate.lambda.secret-access-key", () -> "lambda-secret");
		registry.add("tollgate.jwt.keys-refresh-interval", () -> "1s");
	}

	/** Stores the HTTP API (replacing the stored one) and waits until the gateway serves it. */
	protected ApiV2Definition serveHttp(ApiV2Definition api) {
		ApiV2Definition current = this.apiV2Store.find(api.id()).block();
		long expected = (current != null) ? current.version() : DefinitionStore.ABSENT;
		ApiV2Definition saved = Objects.requireNonNull(this.apiV2Store.save(api.withVersion(expected + 1), expected)
			.block());
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.apiRoutes.servedHttpApiVersion(api.id()) == saved.version());
		return saved;
	}

	/** A request to an API's invoke host. */
	protected WebTestClient.RequestHeadersSpec<?> get(String apiId, String path) {
		return this.client.get().uri(path).header("Host", apiId + ".execute-api.localhost");
	}

}
