package io.tollgate.test;

import java.time.Duration;
import java.util.Objects;

import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.DefinitionStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Integration tests of HTTP APIs against a running Tollgate (one Spring context for all of them): a Lambda Invoke
 * server for functions, an OpenID Connect issuer for JWTs, IAM identities of this account and another, and the
 * {@code apigatewayv2} management API through the AWS SDK ({@link BaseV2AdminTests#v2}). APIs are stored and the tests wait until they serve.
 */
public abstract class BaseHttpApiTests extends BaseV2AdminTests {

	@RegisterExtension
	protected static final TestLambdaServer lambda = TestLambdaServer.forTheRun();

	@RegisterExtension
	protected static final TestOidcIssuer issuer = TestOidcIssuer.get();

	/** A caller of the gateway's own account, allowed GET on API {@code httpiam001}. */
	protected static final String OWN_KEY = "AKIDHTTPOWN000000001";

	protected static final String OWN_SECRET = "http/own/secret/0123456789abcdefghijklm";

	protected static final String OWN_ARN = "arn:aws:iam::000000000000:user/httpcaller";

	/** A caller of another account whose own policy allows everything. */
	protected static final String OTHER_KEY = "AKIDHTTPOTHER0000001";

	protected static final String OTHER_SECRET = "http/other/secret/0123456789abcdefghijk";

	@Autowired
	protected DefinitionStore<ApiV2Definition> apiV2Store;

	@DynamicPropertySource
	static void httpApiProperties(DynamicPropertyRegistry registry) {
		registry.add("tollgate.lambda.endpoint", () -> lambda.endpoint().toString());
		registry.add("tollgate.lambda.access-key-id", () -> "AKIDLAMBDA");
		registry.add("tollgate.lambda.secret-access-key", () -> "lambda-secret");
		registry.add("tollgate.jwt.keys-refresh-interval", () -> "1s");
		registry.add("tollgate.iam.identities[0].access-key-id", () -> OWN_KEY);
		registry.add("tollgate.iam.identities[0].secret-access-key", () -> OWN_SECRET);
		registry.add("tollgate.iam.identities[0].arn", () -> OWN_ARN);
		registry.add("tollgate.iam.identities[0].policy", () -> "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
				+ "\"Allow\",\"Action\":\"execute-api:Invoke\",\"Resource\":"
				+ "\"arn:aws:execute-api:us-east-1:000000000000:httpiam001/*/GET/*\"}]}");
		registry.add("tollgate.iam.identities[1].access-key-id", () -> OTHER_KEY);
		registry.add("tollgate.iam.identities[1].secret-access-key", () -> OTHER_SECRET);
		registry.add("tollgate.iam.identities[1].arn", () -> "arn:aws:iam::111122223333:user/other");
		registry.add("tollgate.iam.identities[1].policy", () -> "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
				+ "\"Allow\",\"Action\":\"execute-api:*\",\"Resource\":\"*\"}]}");
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
