package io.tollgate.auth.cognito;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.tollgate.auth.AuthorizationTestSupport;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.test.TestApis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cognito user-pool authorizers through the running gateway, with tokens issued by {@link TestJwts} against the
 * JWKS it serves: ID and access tokens, method scopes, the claims reaching the integration, and the JWT attacks.
 */
class CognitoAuthorizerTests extends AuthorizationTestSupport {

	private static final String API = "cognitoapi";

	/** A key the pool does not publish. */
	private static final RSAKey FOREIGN_KEY = TestJwts.newKey();

	@BeforeEach
	void serveApi() {
		ApiDefinition api = TestApis.api(API)
			.withComponents(TestApis.api(API)
				.components()
				.withAuthorizer(cognitoAuthorizer("pool", null))
				.withAuthorizer(cognitoAuthorizer("poolaud", "^other-client$")));
		api = withMethod(api, "/profile", authorized("GET", AuthorizationType.COGNITO_USER_POOLS, "pool", List.of(),
				mock("{\"sub\": \"$context.authorizer.claims.sub\", \"email\": \"$context.authorizer.claims.email\", "
						+ "\"use\": \"$context.authorizer.claims.token_use\", \"exp\": \"$context.authorizer.claims.exp\"}")));
		api = withMethod(api, "/orders", authorized("GET", AuthorizationType.COGNITO_USER_POOLS, "pool",
				List.of("orders/read", "orders/admin"), mock("{\"scope\": \"$context.authorizer.claims.scope\"}")));
		api = withMethod(api, "/strict", authorized("GET", AuthorizationType.COGNITO_USER_POOLS, "poolaud", List.of(),
				mock("{\"ok\": true}")));
		serve(deploy(api, "d1", "prod", Map.of()));
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

	private void assertUnauthorized(String path, String token) {
		get(path, token).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", "UnauthorizedException")
			.expectBody()
			.json("{\"message\": \"Unauthorized\"}", true);
	}

	@Nested
	class IdTokens {

		@Test
		void idTokenIsAcceptedAndItsClaimsReachTheIntegration() {
			Instant exp = Instant.parse("2099-01-02T03:04:05Z");
			String token = jwts.sign(jwts.idToken("alice").expirationTime(Date.from(exp)));
			get("/profile", token).expectStatus()
				.isOk()
				.expectBody()
				.json("{\"sub\": \"alice\", \"email\": \"alice@example.com\", \"use\": \"id\", "
						+ "\"exp\": \"Fri Jan 02 03:04:05 UTC 2099\"}");
		}

		@Test
		void bearerPrefixIsTolerated() {
			get("/profile", "Bearer " + jwts.sign(jwts.idToken("alice"))).expectStatus().isOk();
		}

		@Test
		void missingTokenIsUnauthorized() {
			assertUnauthorized("/profile", null);
			assertUnauthorized("/profile", "not-a-jwt");
		}

		@Test
		void accessTokenWhereAnIdTokenIsExpectedIsUnauthorized() {
			assertUnauthorized("/profile", jwts.sign(jwts.accessToken("alice", "orders/read")));
		}

		@Test
		void audienceNotMatchingTheValidationExpressionIsUnauthorized() {
			assertUnauthorized("/strict", jwts.sign(jwts.idToken("alice")));
		}

		@Test
		void expiredTokenIsUnauthorizedWithAwsMessage() {
			String token = jwts.sign(jwts.idToken("alice")
				.issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(65))))
				.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))));
			get("/profile", token).expectStatus()
				.isUnauthorized()
				.expectBody()
				.json("{\"message\": \"The incoming token has expired\"}", true);
		}

	}

	@Nested
	class AccessTokensAndScopes {

		@Test
		void accessTokenCarryingOneOfTheMethodScopesIsAccepted() {
			get("/orders", jwts.sign(jwts.accessToken("alice", "profile orders/admin"))).expectStatus()
				.isOk()
				.expectBody()
				.json("{\"scope\": \"profile orders/admin\"}");
		}

		@Test
		void accessTokenWithoutAMethodScopeIsUnauthorized() {
			assertUnauthorized("/orders", jwts.sign(jwts.accessToken("alice", "profile orders/write")));
		}

		@Test
		void idTokenOnAScopedMethodIsUnauthorized() {
			assertUnauthorized("/orders", jwts.sign(jwts.idToken("alice").claim("scope", "orders/read")));
		}

	}

	@Nested
	class Attacks {

		@Test
		void unsignedTokenIsUnauthorized() {
			assertUnauthorized("/profile", TestJwts.unsigned(jwts.idToken("mallory")));
		}

		@Test
		void hs256SignedWithThePublicKeyIsUnauthorized() {
			assertUnauthorized("/profile", jwts.signHs256WithPublicKey(jwts.idToken("mallory")));
		}

		@Test
		void tamperedPayloadIsUnauthorized() {
			String[] parts = jwts.sign(jwts.idToken("alice")).split("\\.");
			String forged = TestJwts.unsigned(jwts.idToken("admin")).split("\\.")[1];
			assertUnauthorized("/profile", parts[0] + "." + forged + "." + parts[2]);
		}

		@Test
		void otherIssuerIsUnauthorized() {
			assertUnauthorized("/profile", jwts.sign(jwts.idToken("alice").issuer(jwts.endpoint() + "/us-east-1_Other")));
			assertUnauthorized("/profile", jwts.sign(jwts.idToken("alice").issuer("https://evil.example.com/pool")));
		}

		@Test
		void wrongTokenUseIsUnauthorized() {
			assertUnauthorized("/profile", jwts.sign(jwts.idToken("alice").claim("token_use", "refresh")));
		}

		@Test
		void unknownKeyIdIsUnauthorizedAndFetchesTheKeysAtMostOncePerInterval() {
			get("/profile", jwts.sign(jwts.idToken("alice"))).expectStatus().isOk();
			int fetchesBefore = jwts.fetches();
			for (int i = 0; i < 20; i++) {
				RSAKey unknown = new RSAKey.Builder(FOREIGN_KEY).keyID("made-up-" + i).build();
				assertUnauthorized("/profile", TestJwts.sign(jwts.idToken("mallory"), unknown));
			}
			// One refresh per interval (1 s in these tests) at most, however many key ids are made up.
			assertThat(jwts.fetches() - fetchesBefore).isLessThanOrEqualTo(2);
		}

	}

	@Nested
	class KeyRotation {

		@Test
		void tokenSignedWithANewlyPublishedKeyIsAcceptedOnceTheKeysAreRefreshed() {
			get("/profile", jwts.sign(jwts.idToken("alice"))).expectStatus().isOk();
			RSAKey rotated = jwts.rotate();
			String token = TestJwts.sign(jwts.idToken("alice"), rotated);
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> get("/profile", token).expectStatus().isOk());
		}

		@Test
		void tokenSignedWithARetiredKeyIsRefusedOnceTheKeysAreRefreshedThoughItWasVerifiedBefore() {
			RSAKey rotated = jwts.rotate();
			String token = TestJwts.sign(jwts.idToken("alice"), rotated);
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> get("/profile", token).expectStatus().isOk());
			get("/profile", token).expectStatus().isOk();
			jwts.retire(rotated);
			// A made-up key id makes the gateway fetch the keys again (at most once per second here).
			String unknownKid = TestJwts.sign(jwts.idToken("mallory"),
					new RSAKey.Builder(FOREIGN_KEY).keyID("made-up-rotation").build());
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> {
					assertUnauthorized("/profile", unknownKid);
					assertUnauthorized("/profile", token);
				});
		}

	}

	@Nested
	class VerifiedTokens {

		@Test
		void verifiedTokenIsRefusedOnceItExpires() {
			// exp has whole seconds: 3 s ahead leaves at least 2 s to use the token before it expires.
			Instant exp = Instant.now().plusSeconds(3);
			String token = jwts.sign(jwts.idToken("alice").expirationTime(Date.from(exp)));
			get("/profile", token).expectStatus().isOk();
			get("/profile", token).expectStatus().isOk();
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(100))
				.untilAsserted(() -> get("/profile", token).expectStatus()
					.isUnauthorized()
					.expectBody()
					.json("{\"message\": \"The incoming token has expired\"}", true));
		}

		@Test
		void verifiedTokenSentAgainGivesTheSameClaimsAndMeetsEachMethodsChecksAgain() {
			String token = jwts.sign(jwts.idToken("alice").expirationTime(Date.from(Instant.parse("2099-01-02T03:04:05Z"))));
			String claims = "{\"sub\": \"alice\", \"email\": \"alice@example.com\", \"use\": \"id\", "
					+ "\"exp\": \"Fri Jan 02 03:04:05 UTC 2099\"}";
			get("/profile", token).expectStatus().isOk().expectBody().json(claims, true);
			get("/profile", token).expectStatus().isOk().expectBody().json(claims, true);
			// The claims were read once; the scopes and audience of other methods are still checked.
			assertUnauthorized("/orders", token);
			assertUnauthorized("/strict", token);
			get("/profile", "Bearer " + token).expectStatus().isOk().expectBody().json(claims, true);
		}

		@Test
		void verifiedAccessTokenMeetsTheScopesOfEachMethodAgain() {
			String token = jwts.sign(jwts.accessToken("alice", "orders/read"));
			get("/orders", token).expectStatus().isOk().expectBody().json("{\"scope\": \"orders/read\"}", true);
			get("/orders", token).expectStatus().isOk().expectBody().json("{\"scope\": \"orders/read\"}", true);
			assertUnauthorized("/profile", token);
		}

		@Test
		void tokenWithTheClaimsOfAVerifiedOneAndAnotherSignatureIsUnauthorized() {
			JWTClaimsSet.Builder claims = jwts.idToken("alice");
			String token = jwts.sign(claims);
			get("/profile", token).expectStatus().isOk();
			// Same header (kid included) and payload, signed by a key the pool does not publish.
			RSAKey impostor = new RSAKey.Builder(FOREIGN_KEY).keyID(jwts.currentKey().getKeyID()).build();
			String forged = TestJwts.sign(claims, impostor);
			assertThat(forged.substring(0, forged.lastIndexOf('.'))).isEqualTo(token.substring(0, token.lastIndexOf('.')));
			assertUnauthorized("/profile", forged);
			get("/profile", token).expectStatus().isOk();
		}

	}

}
