package io.tollgate.auth.jwt;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.AuthorizationType;
import io.tollgate.model.v2.Authorizer;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.Stage;
import io.tollgate.test.BaseHttpApiTests;
import io.tollgate.test.TestHttpApis;
import io.tollgate.test.TestOidcIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP APIs' JWT authorizers through the running gateway, against an OpenID Connect issuer the test serves
 * (discovery and JWKS), with Nimbus-signed tokens: AWS's checks, its 401 and 403, and the claims as the function
 * receives them.
 */
class HttpApiJwtAuthorizerTests extends BaseHttpApiTests {

	private static final String API = "httpjwt01";

	@BeforeEach
	void serveApi() {
		lambda.register("claims", (event) -> Map.of("statusCode", 200, "body",
				event.at("/requestContext/authorizer").toString()));
		ApiV2Definition api = TestHttpApis.api(API)
			.withIntegration(TestHttpApis.lambda("fn", "claims", "2.0", null))
			.withAuthorizer(Authorizer.jwt("jwt1", "oidc", "$request.header.Authorization", issuer.issuer(),
					List.of("api-audience")))
			.withAuthorizer(Authorizer.jwt("jwt2", "oidc-query", "$request.querystring.token", issuer.issuer(),
					List.of("api-audience")));
		api = api.withRoute(route("r1", "GET /private", "jwt1", List.of()));
		api = api.withRoute(route("r2", "GET /scoped", "jwt1", List.of("pets:read", "pets:admin")));
		api = api.withRoute(route("r3", "GET /query", "jwt2", List.of()));
		api = TestHttpApis.withRoute(api, "r4", "GET /open", "fn");
		serveHttp(TestHttpApis.autoDeployed(api, Stage.DEFAULT));
	}

	private static Route route(String id, String key, String authorizerId, List<String> scopes) {
		return new Route(id, key, "integrations/fn", AuthorizationType.JWT, authorizerId, scopes, false, null, null,
				null, null, null, false);
	}

	private WebTestClient.ResponseSpec call(String path, String token) {
		WebTestClient.RequestHeadersSpec<?> request = get(API, path);
		if (token != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		return request.exchange();
	}

	private static void unauthorized(WebTestClient.ResponseSpec response, String description) {
		response.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("www-authenticate",
					"Bearer scope=\"\" error=\"invalid_token\" error_description=\"" + description + "\"")
			.expectHeader()
			.exists("apigw-requestid")
			.expectHeader()
			.doesNotExist("Content-Type")
			.expectBody()
			.json("{\"message\":\"Unauthorized\"}", true);
	}

	@Test
	void validTokenReachesTheIntegrationWithItsClaimsAsStrings() {
		JWTClaimsSet.Builder claims = issuer.token("user-1", "api-audience")
			.claim("groups", List.of("admin", "poweruser"))
			.claim("verified", true)
			.claim("address", Map.of("city", "Paris"))
			.claim("nothing", null);
		String body = new String(call("/private", issuer.sign(claims)).expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
		JsonNode jwt = tools.jackson.databind.json.JsonMapper.builder().build().readTree(body).get("jwt");
		JsonNode rendered = jwt.get("claims");
		assertThat(rendered.get("sub").asString()).isEqualTo("user-1");
		assertThat(rendered.get("groups").asString()).isEqualTo("[admin poweruser]");
		assertThat(rendered.get("verified").asString()).isEqualTo("true");
		assertThat(rendered.get("exp").isString()).isTrue();
		assertThat(rendered.get("exp").asString()).matches("\\d{10}");
		assertThat(rendered.get("address").asString()).isEqualTo("{\"city\":\"Paris\"}");
		assertThat(rendered.has("nothing")).isFalse();
		assertThat(jwt.get("scopes").isNull()).isTrue();
	}

	@Test
	void missingTokenIsUnauthorizedWithoutCallingTheFunction() {
		unauthorized(call("/private", null), "the token is missing");
		assertThat(lambda.invocations("claims")).isZero();
	}

	@Test
	void wrongAudienceIsUnauthorized() {
		unauthorized(call("/private", issuer.sign(issuer.token("u", "someone-else"))),
				"the token does not have a valid audience");
	}

	@Test
	void clientIdCountsOnlyWithoutAudience() {
		JWTClaimsSet.Builder noAudience = issuer.token("u", "x").audience((String) null).claim("client_id",
				"api-audience");
		call("/private", issuer.sign(noAudience)).expectStatus().isOk();
		JWTClaimsSet.Builder bothWrongAudience = issuer.token("u", "x").claim("client_id", "api-audience");
		unauthorized(call("/private", issuer.sign(bothWrongAudience)), "the token does not have a valid audience");
	}

	@Test
	void expiredTokenIsUnauthorized() {
		JWTClaimsSet.Builder expired = issuer.token("u", "api-audience")
			.issueTime(Date.from(Instant.now().minusSeconds(3600)))
			.expirationTime(Date.from(Instant.now().minusSeconds(60)));
		unauthorized(call("/private", issuer.sign(expired)), "the token has expired");
	}

	@Test
	void tokenSignedByAnotherKeyIsUnauthorized() throws Exception {
		String forged = TestOidcIssuer.sign(issuer.token("u", "api-audience"), new RSAKeyGenerator(2048).keyID("other")
			.generate());
		unauthorized(call("/private", forged), "the token is not valid");
	}

	@Test
	void tokenOfAnotherIssuerIsUnauthorized() {
		unauthorized(call("/private", issuer.sign(issuer.token("u", "api-audience").issuer("https://evil.example"))),
				"the token is not valid");
	}

	@Test
	void missingScopeIsForbidden() {
		call("/scoped", issuer.sign(issuer.token("u", "api-audience").claim("scope", "other pets:write")))
			.expectStatus()
			.isForbidden()
			.expectBody()
			.json("{\"message\":\"Forbidden\"}", true);
	}

	@Test
	void oneMatchingScopeIsEnoughAndTheTokensScopesReachTheIntegration() {
		String body = new String(call("/scoped",
				issuer.sign(issuer.token("u", "api-audience").claim("scope", "openid pets:read"))).expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
		assertThat(body).contains("\"scopes\":[\"openid\",\"pets:read\"]").contains("\"scope\":\"openid pets:read\"");
		call("/scoped", issuer.sign(issuer.token("u", "api-audience").claim("scp", List.of("pets:admin"))))
			.expectStatus()
			.isOk();
	}

	@Test
	void tokenFromTheQueryString() {
		get(API, "/query?token=" + issuer.sign(issuer.token("u", "api-audience"))).exchange().expectStatus().isOk();
		get(API, "/query").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void verifiedTokensAreNotVerifiedAgain() {
		String token = issuer.sign(issuer.token("cached", "api-audience"));
		call("/private", token).expectStatus().isOk();
		int fetches = issuer.keyFetches();
		int discoveries = issuer.discoveries();
		for (int i = 0; i < 5; i++) {
			call("/private", token).expectStatus().isOk();
		}
		assertThat(issuer.keyFetches()).isEqualTo(fetches);
		assertThat(issuer.discoveries()).isEqualTo(discoveries);
	}

	@Test
	void verifiedTokenSentAgainReachesEachRouteWithItsClaimsAndMeetsItsScopesAgain() {
		String token = issuer.sign(issuer.token("again", "api-audience").claim("scope", "openid pets:read"));
		String unscoped = new String(call("/private", token).expectStatus().isOk().expectBody().returnResult().getResponseBody());
		assertThat(unscoped).contains("\"sub\":\"again\"").contains("\"scopes\":null");
		String scoped = new String(call("/scoped", token).expectStatus().isOk().expectBody().returnResult().getResponseBody());
		assertThat(scoped).contains("\"sub\":\"again\"").contains("\"scopes\":[\"openid\",\"pets:read\"]");
		assertThat(new String(call("/private", token).expectBody().returnResult().getResponseBody())).isEqualTo(unscoped);
		String unprivileged = issuer.sign(issuer.token("again", "api-audience").claim("scope", "openid"));
		call("/private", unprivileged).expectStatus().isOk();
		call("/scoped", unprivileged).expectStatus().isForbidden();
		call("/scoped", unprivileged).expectStatus().isForbidden();
	}

}
