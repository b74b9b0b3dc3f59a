package io.tollgate.auth.cognito;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.ChannelOption;
import io.tollgate.auth.jwt.JwkSetCache;
import io.tollgate.auth.jwt.VerifiedToken;
import io.tollgate.auth.jwt.VerifiedTokenCache;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One JWT decoder per user-pool issuer, shared by every authorizer and method that trusts the pool (as Spring
 * Security's {@code JwtIssuerReactiveAuthenticationManagerResolver} keeps one per trusted issuer). A decoder
 * accepts only RS256 signatures by one of the issuer's keys, and only tokens naming the issuer; tokens it verified
 * are kept in the shared {@link VerifiedTokenCache}.
 */
public final class CognitoUserPools {

	private final CognitoProperties properties;

	private final WebClient client;

	private final Clock clock;

	private final VerifiedTokenCache verifiedTokens;

	private final Map<String, ReactiveJwtDecoder> decoders = new ConcurrentHashMap<>();

	public CognitoUserPools(CognitoProperties properties, VerifiedTokenCache verifiedTokens, Clock clock) {
		this.properties = properties;
		this.verifiedTokens = verifiedTokens;
		this.clock = clock;
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.keysTimeout().toMillis())
			.responseTimeout(properties.keysTimeout());
		this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	CognitoProperties properties() {
		return this.properties;
	}

	Clock clock() {
		return this.clock;
	}

	/** The issuer of a pool ARN ({@code arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}}), or null. */
	@Nullable String issuerOf(String providerArn) {
		String[] parts = providerArn.split(":", 6);
		if (parts.length != 6 || !parts[2].equals("cognito-idp") || !parts[5].startsWith("userpool/")) {
			return null;
		}
		return this.properties.issuer(parts[3], parts[5].substring("userpool/".length()));
	}

	/** The token, when a pool's decoder verified it before and it is still kept; its issuer is still to check. */
	@Nullable VerifiedToken verified(String token) {
		return this.verifiedTokens.verified(token);
	}

	/** The decoder of a pool's tokens: signature (verified once per token while cached) and issuer. */
	public ReactiveJwtDecoder decoderFor(String issuer) {
		return this.decoders.computeIfAbsent(issuer, this::decoder);
	}

	private ReactiveJwtDecoder decoder(String issuer) {
		JwkSetCache keys = new JwkSetCache(issuer + "/.well-known/jwks.json", this.client, this.properties.keysTtl(),
				this.properties.keysRefreshInterval(), this.properties.keysTimeout(), this.clock);
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keys::keysFor)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.validateType(false)
			// Nimbus's own claim checks would reject an expired token before AWS's "expired" answer can be given;
			// the authorizer checks expiry (and everything else) itself.
			.jwtProcessorCustomizer((processor) -> processor.setJWTClaimsSetVerifier((claims, context) -> {
			}))
			.build();
		// Expiry, token_use, client and scopes depend on the method and are checked by the authorizer.
		decoder.setJwtValidator(new JwtIssuerValidator(issuer));
		return this.verifiedTokens.decoder(decoder, keys);
	}

	@Override
	public String toString() {
		return "CognitoUserPools" + this.decoders.keySet();
	}

}
