package io.tollgate.auth.cognito;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tollgate.test.LoopbackServer;
import io.tollgate.test.TestRun;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Mono;

/**
 * A Cognito stand-in for tests: user pools' JWKS served at {@code {endpoint}/{poolId}/.well-known/jwks.json} by a
 * loopback Reactor Netty server, and JWTs issued with Nimbus as Cognito issues them (RS256, {@code kid},
 * {@code token_use}, ID tokens with {@code aud}, access tokens with {@code client_id} and {@code scope}).
 * Started once per test JVM; keys can be rotated and fetches are counted. Register it with {@code @RegisterExtension}
 * so that it is closed when the test run ends.
 */
public final class TestJwts implements BeforeAllCallback, AutoCloseable {

	public static final String POOL_ID = "us-east-1_TestPool1";

	public static final String CLIENT_ID = "testclient0123456789";

	public static final String POOL_ARN = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/" + POOL_ID;

	private static final TestJwts INSTANCE = new TestJwts();

	private final List<RSAKey> keys = new CopyOnWriteArrayList<>();

	private final AtomicInteger fetches = new AtomicInteger();

	private final LoopbackServer server;

	private TestJwts() {
		this.keys.add(newKey());
		this.server = LoopbackServer.start("test-jwks",
				(routes) -> routes.get("/" + POOL_ID + "/.well-known/jwks.json", (request, response) -> {
					this.fetches.incrementAndGet();
					String body = new JWKSet(List.copyOf(this.keys)).toPublicJWKSet().toString();
					return response.header("Content-Type", "application/json").sendString(Mono.just(body));
				}));
	}

	public static TestJwts get() {
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

	/** The base URL for {@code tollgate.cognito.endpoint}. */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.port());
	}

	public String issuer() {
		return endpoint() + "/" + POOL_ID;
	}

	public int fetches() {
		return this.fetches.get();
	}

	/** Adds a new signing key to the pool's JWKS and returns it (the pool rotated its keys). */
	public RSAKey rotate() {
		RSAKey key = newKey();
		this.keys.add(key);
		return key;
	}

	/** Takes a key out of the pool's JWKS (the pool retired it after a rotation); never the current key. */
	public void retire(RSAKey key) {
		if (key.equals(currentKey())) {
			throw new IllegalArgumentException("Other tests sign with the current key");
		}
		this.keys.remove(key);
	}

	public RSAKey currentKey() {
		return this.keys.get(0);
	}

	/** A fresh key the pool does not publish. */
	public static RSAKey newKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Claims of a valid ID token of the pool, for {@code sub}. */
	public JWTClaimsSet.Builder idToken(String sub) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(sub)
			.issuer(issuer())
			.audience(CLIENT_ID)
			.claim("token_use", "id")
			.claim("email", sub + "@example.com")
			.claim("cognito:username", sub)
			.issueTime(Date.from(now))
			.claim("auth_time", now.getEpochSecond())
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))));
	}

	/** Claims of a valid access token of the pool carrying {@code scope}. */
	public JWTClaimsSet.Builder accessToken(String sub, String scope) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(sub)
			.issuer(issuer())
			.claim("client_id", CLIENT_ID)
			.claim("token_use", "access")
			.claim("scope", scope)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))));
	}

	/** Signs with the pool's current key, RS256. */
	public String sign(JWTClaimsSet.Builder claims) {
		return sign(claims, currentKey());
	}

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

	/** The classic attack: HS256 with the pool's public key (as published) as the HMAC secret. */
	public String signHs256WithPublicKey(JWTClaimsSet.Builder claims) {
		try {
			byte[] secret = currentKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(currentKey().getKeyID()).build(), claims.build());
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code alg: none}, no signature. */
	public static String unsigned(JWTClaimsSet.Builder claims) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String header = encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
		String payload = encoder.encodeToString(claims.build().toString().getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + ".";
	}

}
