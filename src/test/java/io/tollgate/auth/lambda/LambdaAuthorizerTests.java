package io.tollgate.auth.lambda;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.auth.AuthorizationTestSupport;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationType;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestLambdaServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lambda TOKEN and REQUEST authorizers through the running gateway, with authorizer functions served by
 * {@link TestLambdaServer}: AWS's events, outcomes and bodies, and the result cache proven by invocation counts.
 */
class LambdaAuthorizerTests extends AuthorizationTestSupport {

	private static final String API = "lambdaapi";

	private static final String ARN_PREFIX = "arn:aws:execute-api:us-east-1:" + ACCOUNT + ":" + API + "/prod/";

	private static final String ECHO = "{\"principal\": \"$context.authorizer.principalId\", "
			+ "\"role\": \"$context.authorizer.role\", \"count\": \"$context.authorizer.count\"}";

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void serveApi() {
		lambda.register("token-auth", LambdaAuthorizerTests::tokenFunction);
		lambda.register("token-auth-uncached", LambdaAuthorizerTests::tokenFunction);
		lambda.register("request-auth", (event) -> {
			String user = event.at("/headers/X-User").asString();
			String tenant = event.at("/queryStringParameters/tenant").asString();
			return Map.of("principalId", user, "policyDocument",
					policy(user.equals("alice") ? "Allow" : "Deny", ARN_PREFIX + "GET/request/*"), "context",
					Map.of("role", "tenant-" + tenant));
		});
		lambda.register("proxy-echo", (event) -> Map.of("statusCode", 200, "body",
				event.at("/requestContext/authorizer").toString()));
		ApiDefinition api = TestApis.api(API)
			.withComponents(TestApis.api(API)
				.components()
				.withAuthorizer(tokenAuthorizer("tok", "token-auth", 300, null))
				.withAuthorizer(tokenAuthorizer("tok0", "token-auth-uncached", 0, null))
				.withAuthorizer(tokenAuthorizer("tokv", "token-auth", 300, "^allow:[-a-z0-9]+$"))
				.withAuthorizer(requestAuthorizer("req", "request-auth", 300,
						"method.request.header.X-User, method.request.querystring.tenant")));
		api = withMethod(api, "/token/pets", authorized("GET", AuthorizationType.CUSTOM, "tok", List.of(), mock(ECHO)));
		api = withMethod(api, "/token/pets", authorized("POST", AuthorizationType.CUSTOM, "tok", List.of(), mock(ECHO)));
		api = withMethod(api, "/token/cats", authorized("GET", AuthorizationType.CUSTOM, "tok", List.of(), mock(ECHO)));
		api = withMethod(api, "/uncached", authorized("GET", AuthorizationType.CUSTOM, "tok0", List.of(), mock(ECHO)));
		api = withMethod(api, "/validated", authorized("GET", AuthorizationType.CUSTOM, "tokv", List.of(), mock(ECHO)));
		api = withMethod(api, "/request/{id}",
				authorized("GET", AuthorizationType.CUSTOM, "req", List.of(), mock(ECHO)));
		api = withMethod(api, "/proxy", authorized("GET", AuthorizationType.CUSTOM, "tok", List.of(),
				new Integration(IntegrationType.AWS_PROXY, "POST", TestLambdaServer.invocationUri("proxy-echo"), null,
						null, null, null, null, null, null, null, null, null)));
		serve(deploy(api, "d1", "prod", Map.of()));
	}

	/**
	 * Tokens are {@code kind:unique}: {@code allow} (principal = the unique part), {@code deny}, {@code unauthorized},
	 * {@code error}, {@code malformed}, {@code nested}, {@code pets-only} (allows GET /token/pets only),
	 * {@code wildcard} (allows every GET of the stage).
	 */
	private static Object tokenFunction(JsonNode event) throws Exception {
		String token = event.get("authorizationToken").asString();
		String kind = token.split(":")[0];
		String methodArn = event.get("methodArn").asString();
		return switch (kind) {
			case "allow" -> Map.of("principalId", token.substring(6), "policyDocument", policy("Allow", methodArn),
					"context", Map.of("role", "reader", "count", 3, "admin", true));
			case "deny" -> Map.of("principalId", "x", "policyDocument", policy("Deny", methodArn));
			case "unauthorized" -> throw new Exception("Unauthorized");
			case "error" -> throw new IllegalStateException("boom");
			case "malformed" -> new TestLambdaServer.RawPayload("{\"principalId\": \"x\"}");
			case "nested" -> Map.of("principalId", "x", "policyDocument", policy("Allow", methodArn), "context",
					Map.of("role", Map.of("nested", true)));
			case "pets-only" -> Map.of("principalId", "p", "policyDocument",
					policy("Allow", ARN_PREFIX + "GET/token/pets"));
			case "wildcard" -> Map.of("principalId", "w", "policyDocument",
					Map.of("Version", "2012-10-17", "Statement", Map.of("Action", "execute-api:Invoke", "Effect",
							"Allow", "Resource", List.of(ARN_PREFIX + "GET/*"))));
			default -> throw new IllegalArgumentException(kind);
		};
	}

	private WebTestClient.ResponseSpec get(String path, String token) {
		return this.client.get()
			.uri("/restapis/" + API + "/prod/_user_request_" + path)
			.headers((headers) -> {
				if (token != null) {
					headers.set("Authorization", token);
				}
			})
			.exchange();
	}

	private static String unique(String kind) {
		return kind + ":" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Nested
	class TokenAuthorizer {

		@Test
		void allowedTokenReachesTheIntegrationWithPrincipalAndContext() {
			String token = unique("allow");
			get("/token/pets", token).expectStatus()
				.isOk()
				.expectBody()
				.json("{\"principal\": \"" + token.substring(6) + "\", \"role\": \"reader\", \"count\": \"3\"}");
			JsonNode event = lambda.lastEvent("token-auth");
			assertThat(event.get("type").asString()).isEqualTo("TOKEN");
			assertThat(event.get("authorizationToken").asString()).isEqualTo(token);
			assertThat(event.get("methodArn").asString()).isEqualTo(ARN_PREFIX + "GET/token/pets");
			assertThat(event.properties()).extracting(Map.Entry::getKey)
				.containsExactly("type", "authorizationToken", "methodArn");
		}

		@Test
		void missingTokenIsUnauthorizedWithoutInvoking() {
			get("/token/pets", null).expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "UnauthorizedException")
				.expectBody()
				.json("{\"message\": \"Unauthorized\"}", true);
			assertThat(lambda.invocations("token-auth")).isZero();
		}

		@Test
		void tokenFailingTheValidationExpressionIsUnauthorizedWithoutInvoking() {
			get("/validated", "Bearer " + unique("allow")).expectStatus().isUnauthorized();
			assertThat(lambda.invocations("token-auth")).isZero();
			get("/validated", unique("allow")).expectStatus().isOk();
			assertThat(lambda.invocations("token-auth")).isEqualTo(1);
		}

		@Test
		void explicitDenyIsForbiddenWithAwsCapitalisedMessage() {
			get("/token/pets", unique("deny")).expectStatus()
				.isForbidden()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "AccessDeniedException")
				.expectBody()
				.json("{\"Message\": \"User is not authorized to access this resource with an explicit deny\"}", true);
		}

		@Test
		void functionFailingWithUnauthorizedIsUnauthorized() {
			get("/token/pets", unique("unauthorized")).expectStatus()
				.isUnauthorized()
				.expectBody()
				.json("{\"message\": \"Unauthorized\"}", true);
			assertThat(lambda.invocations("token-auth")).isEqualTo(1);
		}

		@Test
		void functionErrorIsAuthorizerConfigurationError() {
			get("/token/pets", unique("error")).expectStatus()
				.isEqualTo(500)
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "AuthorizerConfigurationException")
				.expectBody()
				.json("{\"message\": null}", true);
		}

		@Test
		void resultWithoutPolicyIsAuthorizerConfigurationError() {
			get("/token/pets", unique("malformed")).expectStatus()
				.isEqualTo(500)
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "AuthorizerConfigurationException");
		}

		@Test
		void contextWithAnObjectValueIsAuthorizerConfigurationError() {
			get("/token/pets", unique("nested")).expectStatus().isEqualTo(500);
		}

		@Test
		void proxyEventCarriesPrincipalAndContext() {
			String token = unique("allow");
			get("/proxy", token).expectStatus()
				.isOk()
				.expectBody()
				.json("{\"principalId\": \"" + token.substring(6)
						+ "\", \"role\": \"reader\", \"count\": \"3\", \"admin\": \"true\"}");
		}

	}

	@Nested
	class ResultCache {

		@Test
		void sameTokenIsAnsweredFromTheCache() {
			double cachedBefore = cachedAllows();
			String token = unique("allow");
			get("/token/pets", token).expectStatus().isOk();
			get("/token/pets", token).expectStatus().isOk();
			get("/token/pets", token).expectStatus().isOk();
			assertThat(lambda.invocations("token-auth")).isEqualTo(1);
			assertThat(cachedAllows() - cachedBefore).isEqualTo(2.0);
		}

		@Test
		void cachedPolicyIsEvaluatedAgainstEachMethod() {
			String token = unique("pets-only");
			get("/token/pets", token).expectStatus().isOk();
			get("/token/cats", token).expectStatus()
				.isForbidden()
				.expectBody()
				.json("{\"Message\": \"User is not authorized to access this resource\"}", true);
			assertThat(lambda.invocations("token-auth")).isEqualTo(1);
		}

		@Test
		void wildcardPolicyAuthorizesOtherMethodsFromTheCache() {
			String token = unique("wildcard");
			get("/token/pets", token).expectStatus().isOk();
			get("/token/cats", token).expectStatus().isOk();
			client.post()
				.uri("/restapis/" + API + "/prod/_user_request_/token/pets")
				.header("Authorization", token)
				.exchange()
				.expectStatus()
				.isForbidden();
			assertThat(lambda.invocations("token-auth")).isEqualTo(1);
		}

		@Test
		void differentTokensAreCachedApart() {
			get("/token/pets", unique("allow")).expectStatus().isOk();
			get("/token/pets", unique("allow")).expectStatus().isOk();
			assertThat(lambda.invocations("token-auth")).isEqualTo(2);
		}

		@Test
		void ttlZeroInvokesOnEveryRequest() {
			String token = unique("allow");
			get("/uncached", token).expectStatus().isOk();
			get("/uncached", token).expectStatus().isOk();
			assertThat(lambda.invocations("token-auth-uncached")).isEqualTo(2);
		}

		@Test
		void errorsAreNotCached() {
			String token = unique("error");
			get("/token/pets", token).expectStatus().isEqualTo(500);
			get("/token/pets", token).expectStatus().isEqualTo(500);
			assertThat(lambda.invocations("token-auth")).isEqualTo(2);
		}

		@Test
		void flushStageAuthorizersCacheForgetsTheStageResults() {
			String token = unique("allow");
			get("/token/pets", token).expectStatus().isOk();
			get("/token/pets", token).expectStatus().isOk();
			assertThat(lambda.invocations("token-auth")).isEqualTo(1);
			apiGateway.flushStageAuthorizersCache((flush) -> flush.restApiId(API).stageName("prod"));
			get("/token/pets", token).expectStatus().isOk();
			assertThat(lambda.invocations("token-auth")).isEqualTo(2);
		}

		private double cachedAllows() {
			return meters.get("tollgate.authorizer.decisions")
				.tags("api_id", API, "authorizer_type", "TOKEN", "outcome", "allow", "cached", "true")
				.counter()
				.count();
		}

	}

	@Nested
	class RequestAuthorizer {

		private WebTestClient.ResponseSpec request(String path, String user, String tenant) {
			return client.get()
				.uri("/restapis/" + API + "/prod/_user_request_" + path + ((tenant != null) ? "?tenant=" + tenant : ""))
				.headers((headers) -> {
					if (user != null) {
						headers.set("X-User", user);
					}
				})
				.exchange();
		}

		@Test
		void functionReceivesAwsRequestEvent() {
			String tenant = UUID.randomUUID().toString().substring(0, 8);
			request("/request/42", "alice", tenant).expectStatus()
				.isOk()
				.expectBody()
				.json("{\"principal\": \"alice\", \"role\": \"tenant-" + tenant + "\"}");
			JsonNode event = lambda.lastEvent("request-auth");
			assertThat(event.get("type").asString()).isEqualTo("REQUEST");
			assertThat(event.get("methodArn").asString()).isEqualTo(ARN_PREFIX + "GET/request/42");
			assertThat(event.get("resource").asString()).isEqualTo("/request/{id}");
			assertThat(event.get("path").asString()).isEqualTo("/request/42");
			assertThat(event.get("httpMethod").asString()).isEqualTo("GET");
			assertThat(event.at("/pathParameters/id").asString()).isEqualTo("42");
			assertThat(event.at("/multiValueQueryStringParameters/tenant/0").asString()).isEqualTo(tenant);
			assertThat(event.at("/requestContext/stage").asString()).isEqualTo("prod");
			assertThat(event.at("/requestContext/apiId").asString()).isEqualTo(API);
			assertThat(event.at("/requestContext/resourcePath").asString()).isEqualTo("/request/{id}");
			assertThat(event.at("/requestContext/identity/sourceIp").asString()).isEqualTo("127.0.0.1");
		}

		@Test
		void resultIsCachedByAllIdentitySourceValues() {
			String tenant = UUID.randomUUID().toString().substring(0, 8);
			request("/request/1", "alice", tenant).expectStatus().isOk();
			request("/request/2", "alice", tenant).expectStatus().isOk();
			assertThat(lambda.invocations("request-auth")).isEqualTo(1);
			request("/request/1", "alice", tenant + "x").expectStatus().isOk();
			assertThat(lambda.invocations("request-auth")).isEqualTo(2);
			request("/request/1", "mallory", tenant).expectStatus().isForbidden();
			assertThat(lambda.invocations("request-auth")).isEqualTo(3);
		}

		@Test
		void missingIdentitySourceIsUnauthorizedWithoutInvoking() {
			request("/request/1", "alice", null).expectStatus().isUnauthorized();
			request("/request/1", null, "t1").expectStatus().isUnauthorized();
			assertThat(lambda.invocations("request-auth")).isZero();
		}

	}

}
