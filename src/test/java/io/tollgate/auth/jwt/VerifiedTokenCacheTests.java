package io.tollgate.auth.jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.tollgate.auth.cognito.TestJwts;
import io.tollgate.usage.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The verified-token cache in front of a real RS256 verification (Nimbus, keys fetched from {@link TestJwts}'s
 * JWKS), counting the verifications it lets through, on a clock the tests move.
 */
class VerifiedTokenCacheTests {

	@RegisterExtension
	static final TestJwts jwts = TestJwts.get();

	private final TestClock clock = new TestClock();

	private final JwkSetCache keys = new JwkSetCache(jwts.issuer() + "/.well-known/jwks.json", WebClient.create(),
			Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(5), this.clock);

	private final AtomicInteger verifications = new AtomicInteger();

	private final ReactiveJwtDecoder verifying = counted(
			NimbusReactiveJwtDecoder.withJwkSource(this.keys::keysFor).jwsAlgorithm(SignatureAlgorithm.RS256).build());

	private ReactiveJwtDecoder counted(ReactiveJwtDecoder decoder) {
		return (token) -> Mono.defer(() -> {
			this.verifications.incrementAndGet();
			return decoder.decode(token);
		});
	}

	private ReactiveJwtDecoder cached(long maximumSize) {
		return new VerifiedTokenCache(maximumSize, Duration.ofMinutes(5), this.clock).decoder(this.verifying,
				this.keys);
	}

	private static Jwt decode(ReactiveJwtDecoder decoder, String token) {
		return decoder.decode(token).block(Duration.ofSeconds(5));
	}

	@Test
	void tokenDecodedAgainIsAnsweredWithoutVerifying() {
		ReactiveJwtDecoder decoder = cached(100);
		String token = jwts.sign(jwts.idToken("alice"));
		decode(decoder, token);
		Jwt again = decode(decoder, token);
		decode(decoder, token);
		assertThat(again.getSubject()).isEqualTo("alice");
		// The first verification fetches the keys (generation -1 before): the second one is kept.
		assertThat(this.verifications).hasValueLessThanOrEqualTo(2);
		int verified = this.verifications.get();
		decode(decoder, token);
		assertThat(this.verifications).hasValue(verified);
	}

	@Test
	void tokenIsVerifiedAgainOnceItExpires() {
		ReactiveJwtDecoder decoder = cached(100);
		Instant exp = this.clock.instant().plusSeconds(60);
		String token = jwts.sign(jwts.idToken("alice").expirationTime(Date.from(exp)));
		decode(decoder, token);
		decode(decoder, token);
		int verified = this.verifications.get();
		decode(decoder, token);
		assertThat(this.verifications).hasValue(verified);
		this.clock.advance(Duration.ofSeconds(61));
		// Past exp on the cache's clock: verified again (the authorizer then refuses it as expired).
		decode(decoder, token);
		assertThat(this.verifications).hasValue(verified + 1);
	}

	@Test
	void tokenNotYetValidIsNotKept() {
		ReactiveJwtDecoder decoder = cached(100);
		decode(decoder, jwts.sign(jwts.idToken("warmup")));
		String token = jwts.sign(jwts.idToken("alice").notBeforeTime(Date.from(this.clock.instant().plusSeconds(60))));
		int before = this.verifications.get();
		for (int i = 0; i < 3; i++) {
			try {
				decode(decoder, token);
			}
			catch (JwtException ex) {
				// Nimbus may refuse it itself; either way it is not kept.
			}
		}
		assertThat(this.verifications).hasValue(before + 3);
	}

	@Test
	void tokenWithTheSameClaimsAndAnotherSignatureIsVerifiedAndRefused() {
		ReactiveJwtDecoder decoder = cached(100);
		JWTClaimsSet.Builder claims = jwts.idToken("alice");
		String token = jwts.sign(claims);
		decode(decoder, token);
		decode(decoder, token);
		RSAKey impostor = new RSAKey.Builder(TestJwts.newKey()).keyID(jwts.currentKey().getKeyID()).build();
		String forged = TestJwts.sign(claims, impostor);
		int before = this.verifications.get();
		assertThatThrownBy(() -> decode(decoder, forged)).isInstanceOf(JwtException.class);
		assertThat(this.verifications).hasValue(before + 1);
	}

	@Test
	void tokensAreVerifiedAgainWhenTheKeysGoStale() {
		ReactiveJwtDecoder decoder = cached(100);
		String token = jwts.sign(jwts.idToken("alice"));
		decode(decoder, token);
		decode(decoder, token);
		int verified = this.verifications.get();
		this.clock.advance(Duration.ofMinutes(61));
		decode(decoder, token);
		assertThat(this.verifications).hasValue(verified + 1);
	}

	@Test
	void cacheHoldsAtMostItsMaximumSize() {
		VerifiedTokenCache cache = new VerifiedTokenCache(10, Duration.ofMinutes(5), this.clock);
		ReactiveJwtDecoder decoder = cache.decoder(this.verifying, this.keys);
		for (int i = 0; i < 50; i++) {
			decode(decoder, jwts.sign(jwts.idToken("user" + i)));
		}
		assertThat(cache.size()).isLessThanOrEqualTo(10);
	}

	@Test
	void maximumSizeZeroVerifiesEveryToken() {
		ReactiveJwtDecoder decoder = cached(0);
		String token = jwts.sign(jwts.idToken("alice"));
		for (int i = 0; i < 3; i++) {
			decode(decoder, token);
		}
		assertThat(this.verifications).hasValue(3);
	}

}
