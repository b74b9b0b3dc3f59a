package io.tollgate.auth.jwt;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWKSecurityContext;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import io.netty.channel.ChannelOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One JWT decoder per OpenID Connect issuer, for HTTP API JWT authorizers: the issuer's
 * {@code /.well-known/openid-configuration} names its {@code jwks_uri}, whose keys ({@link JwkSetCache}, bounded
 * refresh) verify RS256/384/512 signatures (aws-behavior-v2 §A.6.1). Discovery and key fetches are bounded by
 * {@code tollgate.jwt.keys-timeout} (AWS: 1500 ms); a failed discovery is retried no sooner than the refresh
 * interval, so that tokens naming an unreachable issuer cannot make Tollgate hammer it. Tokens a decoder verified
 * are kept in the shared {@link VerifiedTokenCache}.
 */
public final class JwtIssuers {

	private static final Log logger = LogFactory.getLog(JwtIssuers.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<JWSAlgorithm> RSA_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512);

	/** AWS's bound on a discovery document or key set. */
	private static final int MAX_DOCUMENT_BYTES = 150_000;

	private final JwtProperties properties;

	private final VerifiedTokenCache verifiedTokens;

	private final Clock clock;

	private final WebClient client;

	private final Map<String, Issuer> issuers = new ConcurrentHashMap<>();

	public JwtIssuers(JwtProperties properties, VerifiedTokenCache verifiedTokens, Clock clock) {
		this.properties = properties;
		this.verifiedTokens = verifiedTokens;
		this.clock = clock;
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.keysTimeout().toMillis())
			.responseTimeout(properties.keysTimeout());
		this.client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(http))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(MAX_DOCUMENT_BYTES))
			.build();
	}

	public Clock clock() {
		return this.clock;
	}

	/** The token, when a decoder verified it before and it is still kept; its issuer is still to check. */
	public @Nullable VerifiedToken verified(String token) {
		return this.verifiedTokens.verified(token);
	}

	/** The decoder of {@code issuer}'s tokens (signature and issuer); an error when its keys cannot be found. */
	public Mono<ReactiveJwtDecoder> decoderFor(String issuer) {
		return this.issuers.computeIfAbsent(issuer, Issuer::new).decoder();
	}

	private final class Issuer {

		private final String issuer;

		private volatile @Nullable ReactiveJwtDecoder decoder;

		private volatile @Nullable Instant failedAt;

		private final AtomicReference<@Nullable Mono<ReactiveJwtDecoder>> discovering = new AtomicReference<>();

		Issuer(String issuer) {
			this.issuer = issuer;
		}

		Mono<ReactiveJwtDecoder> decoder() {
			ReactiveJwtDecoder known = this.decoder;
			if (known != null) {
				return Mono.just(known);
			}
			Instant failed = this.failedAt;
			if (failed != null && JwtIssuers.this.clock.instant()
				.isBefore(failed.plus(JwtIssuers.this.properties.keysRefreshInterval()))) {
				return Mono.error(new IllegalStateException("Discovery of " + this.issuer + " failed recently"));
			}
			Mono<ReactiveJwtDecoder> inFlight = this.discovering.get();
			if (inFlight != null) {
				return inFlight;
			}
			String base = this.issuer.endsWith("/") ? this.issuer.substring(0, this.issuer.length() - 1) : this.issuer;
			Mono<ReactiveJwtDecoder> discovery = JwtIssuers.this.client.get()
				.uri(base + "/.well-known/openid-configuration")
				.retrieve()
				.bodyToMono(String.class)
				.timeout(JwtIssuers.this.properties.keysTimeout())
				.map((body) -> {
					JsonNode jwksUri = JSON.readTree(body).get("jwks_uri");
					if (jwksUri == null || !jwksUri.isString()) {
						throw new IllegalStateException("No jwks_uri in the discovery document of " + this.issuer);
					}
					ReactiveJwtDecoder built = build(jwksUri.asString());
					this.decoder = built;
					return built;
				})
				.doOnError((ex) -> {
					logger.warn("Could not discover the keys of issuer " + this.issuer + ": " + ex.getMessage());
					this.failedAt = JwtIssuers.this.clock.instant();
				})
				.doFinally((signal) -> this.discovering.set(null))
				.cache();
			return this.discovering.compareAndSet(null, discovery) ? discovery : decoder();
		}

		private ReactiveJwtDecoder build(String jwksUri) {
			JwkSetCache keys = new JwkSetCache(jwksUri, JwtIssuers.this.client,
					JwtIssuers.this.properties.keysTtl(), JwtIssuers.this.properties.keysRefreshInterval(),
					JwtIssuers.this.properties.keysTimeout(), JwtIssuers.this.clock);
			NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keys::keysFor)
				.validateType(false)
				.jwtProcessorCustomizer((processor) -> {
					// The builder takes one algorithm; AWS accepts the three RSA ones.
					processor.setJWSKeySelector(new JWSVerificationKeySelector<>(RSA_ALGORITHMS,
							new JWKSecurityContextJWKSet()));
					// Expiry, audience and scopes are the authorizer's to check, with AWS's answers.
					processor.setJWTClaimsSetVerifier((claims, context) -> {
					});
				})
				.build();
			decoder.setJwtValidator(new JwtIssuerValidator(this.issuer));
			return JwtIssuers.this.verifiedTokens.decoder(decoder, keys);
		}

	}

}
