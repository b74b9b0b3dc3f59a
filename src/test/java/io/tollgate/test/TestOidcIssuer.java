package io.tollgate.test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Mono;

/**
 * An OpenID Connect issuer for tests: {@code /.well-known/openid-configuration} naming {@code /keys}, its JWKS,
 * served by a loopback Reactor Netty server, and JWTs signed with Nimbus (RS256). Started once per test JVM;
 * discovery and key fetches are counted. Register it with {@code @RegisterExtension} so that it is closed when the
 * test run ends.
 */
public final class TestOidcIssuer implements BeforeAllCallback, AutoCloseable {

	private static final TestOidcIssuer INSTANCE = new TestOidcIssuer();

	private final RSAKey key;

	private final AtomicInteger discoveries = new AtomicInteger();

	private final AtomicInteger keyFetches = new AtomicInteger();

	private final LoopbackServer server;

	private TestOidcIssuer() {
		try {
			this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		this.server = LoopbackServer.start("test-oidc",
				(routes) -> routes.get("/.well-known/openid-configuration", (request, response) -> {
					this.discoveries.incrementAndGet();
					String body = "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/keys\"}";
					return response.header("Content-Type", "application/json").sendString(Mono.just(body));
				}).get("/keys", (request, response) -> {
					this.keyFetches.incrementAndGet();
					String body = new JWKSet(List.of(this.key)).toPublicJWKSet().toString();
					return response.header("Content-Type", "application/json").sendString(Mono.just(body));
				}));
	}

	public static TestOidcIssuer get() {
		return INSTANCE;
	}

	/** Closed when the test run ends, however many classes register it. */
	@Override
	public void beforeAll(ExtensionContext context) {
		TestRun.closeWhenItEnds(context, this);
	}

	@Override
	public void close() {
		this.server.close();
	}

	public String issuer() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public int discoveries() {
		return this.discoveries.get();
	}

	public int keyFetches() {
		return this.keyFetches.get();
	}

	/** Claims of a valid token for {@code audience}, an hour long. */
	public JWTClaimsSet.Builder token(String subject, String audience) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(subject)
			.issuer(issuer())
			.audience(audience)
			.issueTime(Date.from(now.minusSeconds(5)))
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))));
	}

	/** Signs with the issuer's key, RS256. */
	public String sign(JWTClaimsSet.Builder claims) {
		return sign(claims, this.key);
	}

	/** Signs with any key, such as one the issuer does not publish. */
	public static String sign(JWTClaimsSet.Builder claims, RSAKey key) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims.build());
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
