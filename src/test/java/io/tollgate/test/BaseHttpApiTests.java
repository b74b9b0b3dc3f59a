package io.tollgate.test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tollgate.model.v2.ApiV2Definition;
import org.awaitility.Awaitility;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Integration tests of HTTP APIs against a running Tollgate (one Spring context for all of them): a Lambda Invoke
 * server for functions and an OpenID Connect issuer for JWTs. APIs are stored and the tests wait until they serve.
 */
@Import(TestHttpApiSource.Configuration.class)
public abstract class BaseHttpApiTests extends BaseGatewayTests {

	protected static final TestLambdaServer lambda = new TestLambdaServer().start();

	private static final Map<String, Long> versions = new ConcurrentHashMap<>();

	@Autowired
	protected TestHttpApiSource httpApis;

	@DynamicPropertySource
	static void httpApiProperties(DynamicPropertyRegistry registry) {
		registry.add("tollgate.lambda.endpoint", () -> lambda.endpoint().toString());
		registry.add("tollgate.lambda.access-key-id", () -> "AKIDLAMBDA");
		registry.add("tollgate.lambda.secret-access-key", () -> "lambda-secret");
		registry.add("tollgate.jwt.keys-refresh-interval", () -> "1s");
	}

	/** Stores the HTTP API (replacing the stored one) and waits until the gateway serves it. */
	protected ApiV2Definition serveHttp(ApiV2Definition api) {
		long version = versions.merge(api.id(), Math.max(api.version(), 1), (last, next) -> Math.max(last + 1, next));
		ApiV2Definition saved = api.withVersion(version);
		this.httpApis.save(saved);
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.apiRoutes.servedHttpApiVersion(api.id()) == version);
		return saved;
	}

	/** A request to an API's invoke host. */
	protected WebTestClient.RequestHeadersSpec<?> get(String apiId, String path) {
		return this.client.get().uri(path).header("Host", apiId + ".execute-api.localhost");
	}

}
