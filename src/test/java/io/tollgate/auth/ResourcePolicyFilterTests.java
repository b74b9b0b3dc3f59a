package io.tollgate.auth;

import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.GatewayResponse;
import io.tollgate.model.RestApi;
import io.tollgate.response.GatewayResponses;
import io.tollgate.test.TestApis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resource policies through the running gateway: {@code aws:SourceIp} ranges (a "regional" API open to some
 * networks) and {@code aws:SourceVpce} from the trusted proxy's header (a "private" API), evaluated before any
 * authorizer.
 */
class ResourcePolicyFilterTests extends AuthorizationTestSupport {

	private static final String LOOPBACK_ONLY = "{\"Version\":\"2012-10-17\",\"Statement\":["
			+ "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"execute-api:/*\","
			+ "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"127.0.0.0/8\",\"::1/128\"]}}},"
			+ "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"execute-api:/*/GET/admin\"}]}";

	private static final String OFFICE_ONLY = "{\"Version\":\"2012-10-17\",\"Statement\":"
			+ "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"execute-api:/*\","
			+ "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}}}";

	private static final String PRIVATE = "{\"Version\":\"2012-10-17\",\"Statement\":["
			+ "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"execute-api:/*\"},"
			+ "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"execute-api:/*\","
			+ "\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpce\":\"vpce-0123456789abcdef0\"}}}]}";

	@BeforeEach
	void serveApis() {
		lambda.register("policy-auth", (event) -> Map.of("principalId", "p", "policyDocument",
				policy("Allow", event.get("methodArn").asString())));
		serve(api("regional", LOOPBACK_ONLY));
		serve(api("office", OFFICE_ONLY));
		serve(api("private", PRIVATE));
		ApiDefinition cors = api("cors", OFFICE_ONLY);
		cors = cors.withComponents(cors.components()
			.withGatewayResponse(new GatewayResponse("DEFAULT_4XX", null,
					Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'*'"),
					Map.of("application/json", GatewayResponses.DEFAULT_TEMPLATE), false)));
		serve(deploy(cors, "d2", "prod", Map.of()));
	}

	private static ApiDefinition api(String id, String policy) {
		ApiDefinition api = TestApis.api(id);
		api = api.withRestApi(new RestApi(id, id, null, null, null, null, null, policy, null));
		api = api.withComponents(api.components().withAuthorizer(tokenAuthorizer("tok", "policy-auth", 0, null)));
		api = withMethod(api, "/items", method("GET", mock("{\"ok\": true}")));
		api = withMethod(api, "/admin", method("GET", mock("{\"ok\": true}")));
		api = withMethod(api, "/custom",
				authorized("GET", AuthorizationType.CUSTOM, "tok", List.of(), mock("{\"ok\": true}")));
		return deploy(api, "d1", "prod", Map.of());
	}

	private WebTestClient.ResponseSpec get(String api, String path) {
		return this.client.get().uri("/restapis/" + api + "/prod/_user_request_" + path).exchange();
	}

	private static String denied(String api, String verbAndPath, boolean explicit) {
		return "{\"Message\": \"User: anonymous is not authorized to perform: execute-api:Invoke on resource: "
				+ "arn:aws:execute-api:us-east-1:********0000:" + api + "/prod/" + verbAndPath
				+ (explicit ? " with an explicit deny" : "") + "\"}";
	}

	@Test
	void callerInAnAllowedSourceIpRangeIsServed() {
		get("regional", "/items").expectStatus().isOk().expectBody().json("{\"ok\": true}");
	}

	@Test
	void explicitDenyWinsOverTheAllow() {
		get("regional", "/admin").expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", "AccessDeniedException")
			.expectBody()
			.json(denied("regional", "GET/admin", true), true);
	}

	@Test
	void callerOutsideTheAllowedRangesIsImplicitlyDenied() {
		get("office", "/items").expectStatus().isForbidden().expectBody().json(denied("office", "GET/items", false), true);
	}

	@Test
	void denialKeepsAwsBodyWhenTheApiCustomisesOnlyHeaders() {
		get("cors", "/items").expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "*")
			.expectBody()
			.json(denied("cors", "GET/items", false), true);
	}

	@Test
	void privateApiServesOnlyRequestsThroughItsEndpoint() {
		get("private", "/items").expectStatus()
			.isForbidden()
			.expectBody()
			.json(denied("private", "GET/items", true), true);
		client.get()
			.uri("/restapis/private/prod/_user_request_/items")
			.header("x-amzn-vpce-id", "vpce-0123456789abcdef0")
			.exchange()
			.expectStatus()
			.isOk();
		client.get()
			.uri("/restapis/private/prod/_user_request_/items")
			.header("x-amzn-vpce-id", "vpce-other")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void resourcePolicyIsEvaluatedBeforeTheAuthorizer() {
		client.get()
			.uri("/restapis/office/prod/_user_request_/custom")
			.header("Authorization", "token")
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(lambda.invocations("policy-auth")).isZero();
		client.get()
			.uri("/restapis/regional/prod/_user_request_/custom")
			.header("Authorization", "token")
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(lambda.invocations("policy-auth")).isEqualTo(1);
	}

}
