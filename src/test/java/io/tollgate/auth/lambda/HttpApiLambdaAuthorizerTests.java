package io.tollgate.auth.lambda;

import java.util.List;
import java.util.Map;

import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.AuthorizationType;
import io.tollgate.model.v2.Authorizer;
import io.tollgate.model.v2.AuthorizerType;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.Stage;
import io.tollgate.test.BaseHttpApiTests;
import io.tollgate.test.TestHttpApis;
import io.tollgate.test.TestLambdaServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP APIs' Lambda {@code REQUEST} authorizers through the running gateway and a real Lambda Invoke API server:
 * payload 2.0 with simple responses, 1.0 with IAM policies, identity sources, the result cache and the 401, 403 and
 * 500 of HTTP APIs.
 */
class HttpApiLambdaAuthorizerTests extends BaseHttpApiTests {

	private static final String API = "httplauth1";

	@BeforeEach
	void serveApi() {
		lambda.register("simple", (event) -> {
			String user = event.at("/headers/x-user").asString();
			return Map.of("isAuthorized", user.startsWith("ok"), "context",
					Map.of("user", user, "level", 3, "admin", true, "groups", List.of("a", "b")));
		});
		lambda.register("policy", (event) -> Map.of("principalId", "p-" + event.get("authorizationToken").asString(),
				"policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Action",
						"execute-api:Invoke", "Effect", "Allow", "Resource", event.get("methodArn").asString()))),
				"context", Map.of("tenant", "t1")));
		lambda.register("broken", (event) -> new TestLambdaServer.RawPayload("{\"nothing\": true}"));
		lambda.register("echo", (event) -> Map.of("statusCode", 200, "body",
				event.at("/requestContext/authorizer").toString()));
		ApiV2Definition api = TestHttpApis.api(API)
			.withIntegration(TestHttpApis.lambda("fn", "echo", "2.0", null))
			.withAuthorizer(new Authorizer("simple1", "simple", AuthorizerType.REQUEST,
					List.of("$request.header.x-user"), null, TestLambdaServer.invocationUri("simple"), "2.0", true, 300,
					null, null))
			.withAuthorizer(new Authorizer("policy1", "policy", AuthorizerType.REQUEST,
					List.of("$request.header.x-user", "$request.querystring.tenant"), null,
					TestLambdaServer.invocationUri("policy"), "1.0", null, 0, null, null))
			.withAuthorizer(new Authorizer("broken1", "broken", AuthorizerType.REQUEST,
					List.of("$request.header.x-user"), null, TestLambdaServer.invocationUri("broken"), "2.0", true, 0,
					null, null));
		api = api.withRoute(route("r1", "GET /simple/{id}", "simple1"));
		api = api.withRoute(route("r2", "GET /policy", "policy1"));
		api = api.withRoute(route("r3", "GET /broken", "broken1"));
		serveHttp(TestHttpApis.autoDeployed(api, Stage.DEFAULT));
	}

	private static Route route(String id, String key, String authorizerId) {
		return new Route(id, key, "integrations/fn", AuthorizationType.CUSTOM, authorizerId, null, false, null, null,
				null, null, null, false);
	}

	@Test
	void simpleResponseAllowsWithItsContextTyped() {
		String body = new String(get(API, "/simple/7").header("x-user", "ok-alice")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
		assertThat(body).contains("\"lambda\":").contains("\"level\":3").contains("\"admin\":true")
			.contains("\"groups\":[\"a\",\"b\"]");
		JsonNode event = lambda.lastEvent("simple");
		assertThat(event.get("version").asString()).isEqualTo("2.0");
		assertThat(event.get("type").asString()).isEqualTo("REQUEST");
		assertThat(event.get("routeArn").asString())
			.isEqualTo("arn:aws:execute-api:us-east-1:000000000000:" + API + "/$default/GET/simple/7");
		assertThat(event.get("identitySource").toString()).isEqualTo("[\"ok-alice\"]");
		assertThat(event.get("routeKey").asString()).isEqualTo("GET /simple/{id}");
		assertThat(event.has("body")).isFalse();
	}

	@Test
	void simpleResponseRefusalIsForbidden() {
		get(API, "/simple/1").header("x-user", "mallory")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.json("{\"message\":\"Forbidden\"}", true);
	}

	@Test
	void missingIdentitySourceIsUnauthorizedWithoutInvoking() {
		get(API, "/simple/1").exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.json("{\"message\":\"Unauthorized\"}", true);
		assertThat(lambda.invocations("simple")).isZero();
	}

	@Test
	void resultsAreCachedByIdentitySources() {
		for (int i = 0; i < 3; i++) {
			get(API, "/simple/" + i).header("x-user", "ok-cached").exchange().expectStatus().isOk();
		}
		assertThat(lambda.invocations("simple")).isEqualTo(1);
	}

	@Test
	void payload1EventAndPolicyResponse() {
		get(API, "/policy?tenant=t9").header("x-user", "bob").exchange().expectStatus().isOk();
		JsonNode event = lambda.lastEvent("policy");
		assertThat(event.get("version").asString()).isEqualTo("1.0");
		assertThat(event.get("type").asString()).isEqualTo("REQUEST");
		assertThat(event.get("identitySource").asString()).isEqualTo("bob,t9");
		assertThat(event.get("authorizationToken").asString()).isEqualTo("bob,t9");
		assertThat(event.get("methodArn").asString()).endsWith(API + "/$default/GET/policy");
	}

	@Test
	void unusableAnswerIsInternalServerError() {
		get(API, "/broken").header("x-user", "x")
			.exchange()
			.expectStatus()
			.isEqualTo(500)
			.expectBody()
			.json("{\"message\":\"Internal Server Error\"}", true);
		assertThat(lambda.invocations("echo")).isZero();
	}

}
