package io.tollgate.usage;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tollgate.auth.AuthorizationTestSupport;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiKeySource;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Method;
import io.tollgate.model.RestApi;
import io.tollgate.test.TestApis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * API key source {@code AUTHORIZER}: the key is the Lambda authorizer's {@code usageIdentifierKey}, and
 * {@code x-api-key} plays no part.
 */
class ApiKeyFilterTests extends AuthorizationTestSupport {

	private static final String API = "authorizerkeys";

	@Autowired
	UsageStore usageStore;

	@Autowired
	ApiKeyIndex index;

	private ApiKey key;

	@BeforeEach
	void serveApi() {
		// The token is the API key value the authorizer hands to the usage plan step.
		lambda.register("usage-key-auth", (event) -> Map.of("principalId", "caller", "policyDocument",
				policy("Allow", "arn:aws:execute-api:us-east-1:" + ACCOUNT + ":" + API + "/*"), "usageIdentifierKey",
				event.at("/authorizationToken").asString()));
		ApiDefinition api = ApiDefinition
			.create(new RestApi(API, API, null, null, null, ApiKeySource.AUTHORIZER, null, null, null));
		api = api.withComponents(api.components().withAuthorizer(tokenAuthorizer("tok", "usage-key-auth", 0, null)));
		api = TestApis.withMethod(api, "/keyed", new Method("GET", AuthorizationType.CUSTOM, "tok", true, null, null,
				null, null, List.of(), null, TestApis.mock(TestUsagePlans.KEY_ID_TEMPLATE)));
		serve(TestApis.deploy(api, "d1", "prod", Map.of()));
		ApiKey admitted = TestUsagePlans.keyInPlan(this.usageStore, TestUsagePlans.plan(API, null, null, Map.of()));
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.index.admit(admitted.value(), API, "prod") != null);
		this.key = admitted;
	}

	@Test
	void keyFromTheAuthorizersUsageIdentifierKeyIsAdmitted() {
		this.client.get()
			.uri("/restapis/" + API + "/prod/_user_request_/keyed")
			.header("Authorization", this.key.value())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"keyId\": \"" + this.key.id() + "\"}");
	}

	@Test
	void unknownUsageIdentifierKeyIsForbiddenWhateverTheHeaderSays() {
		UsageFilterFactoryTests.expectForbidden(this.client.get()
			.uri("/restapis/" + API + "/prod/_user_request_/keyed")
			.header("Authorization", ApiKey.generateValue())
			.header("x-api-key", this.key.value())
			.exchange());
	}

}
