package io.tollgate.auth.cognito;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.google.re2j.Pattern;
import com.nimbusds.jwt.JWTParser;
import io.tollgate.auth.AuthorizationResult;
import io.tollgate.auth.RequestAuthorizer;
import io.tollgate.auth.jwt.VerifiedToken;
import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.mapping.ParameterExpression;
import io.tollgate.model.AuthorRegex;
import io.tollgate.model.Authorizer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ServerWebExchange;

/**
 * A Cognito user-pool authorizer of one method. The JWT from the identity-source header must be signed by one of
 * the authorizer's pools and unexpired; without method scopes it must be an ID token (its {@code aud} matching
 * {@code identityValidationExpression} when set), with scopes an access token carrying one of them. Every failure
 * is 401; the claims reach the integration as {@code $context.authorizer.claims}.
 */
public final class CognitoAuthorizer implements RequestAuthorizer {

	static final String EXPIRED = "The incoming token has expired";

	/** How AWS renders date claims ({@code exp}, {@code iat}): {@code Wed Nov 25 15:00:00 UTC 2026}. */
	private static final DateTimeFormatter CLAIM_DATE = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy",
			Locale.US).withZone(ZoneOffset.UTC);

	private final Authorizer authorizer;

	private final CognitoUserPools pools;

	private final @Nullable String header;

	private final Set<String> issuers;

	private final List<String> scopes;

	private final @Nullable Pattern audienceExpression;

	public CognitoAuthorizer(Authorizer authorizer, List<String> scopes, CognitoUserPools pools) {
		this.authorizer = authorizer;
		this.pools = pools;
		String source = authorizer.identitySource();
		ParameterExpression expression = (source != null && !source.isBlank())
				? ParameterExpression.parse(source.split(",")[0].trim()) : null;
		this.header = (expression != null && expression.source() == ParameterExpression.Source.HEADER)
				? expression.name() : null;
		List<String> issuers = new ArrayList<>();
		for (String arn : authorizer.providerARNs()) {
			String issuer = pools.issuerOf(arn);
			if (issuer != null) {
				issuers.add(issuer);
			}
		}
		this.issuers = Set.copyOf(issuers);
		this.scopes = List.copyOf(scopes);
		String validation = authorizer.identityValidationExpression();
		this.audienceExpression = (validation != null && !validation.isBlank())
				? AuthorRegex.compile(validation, 0, "identity validation expression") : null;
	}

	@Override
	public String type() {
		return this.authorizer.type().name();
	}

	@Override
	public Mono<AuthorizationResult> authorize(ServerWebExchange exchange, RequestContext context) {
		String token = (this.header != null) ? exchange.getRequest().getHeaders().getFirst(this.header) : null;
		if (token == null || token.isBlank()) {
			return Mono.just(AuthorizationResult.Unauthorized.DEFAULT);
		}
		token = token.trim();
		if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
			token = token.substring(7).trim();
		}
		VerifiedToken verified = this.pools.verified(token);
		if (verified != null) {
			// A token a pool verified before: no parse, no signature check, its claims read once; only the issuer is
			// this authorizer's.
			PoolToken read = verified.read(PoolToken.READ);
			return Mono.just(this.issuers.contains(read.issuer()) ? check(exchange, context, read)
					: AuthorizationResult.Unauthorized.DEFAULT);
		}
		String issuer;
		try {
			issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
		}
		catch (ParseException | RuntimeException ex) {
			return Mono.just(AuthorizationResult.Unauthorized.DEFAULT);
		}
		if (issuer == null || !this.issuers.contains(issuer)) {
			return Mono.just(AuthorizationResult.Unauthorized.DEFAULT);
		}
		String jwt = token;
		return Mono.defer(() -> this.pools.decoderFor(issuer).decode(jwt))
			.map((decoded) -> check(exchange, context, PoolToken.READ.apply(decoded)))
			// A bad token (JwtException), keys that could not be fetched (IllegalStateException) or a token the
			// decoder cannot represent: 401 all, as AWS answers every token it does not accept.
			.onErrorResume((ex) -> Mono.just(AuthorizationResult.Unauthorized.DEFAULT));
	}

	private AuthorizationResult check(ServerWebExchange exchange, RequestContext context, PoolToken token) {
		Instant now = this.pools.clock().instant();
		Instant expiresAt = token.expiresAt();
		if (expiresAt == null) {
			return AuthorizationResult.Unauthorized.DEFAULT;
		}
		if (now.isAfter(expiresAt.plus(this.pools.properties().clockSkew()))) {
			return new AuthorizationResult.Unauthorized(EXPIRED);
		}
		Instant notBefore = token.notBefore();
		if (notBefore != null && now.plus(this.pools.properties().clockSkew()).isBefore(notBefore)) {
			return AuthorizationResult.Unauthorized.DEFAULT;
		}
		String tokenUse = token.tokenUse();
		List<String> clientIds = this.pools.properties().clientIds();
		if (this.scopes.isEmpty()) {
			List<String> audience = token.audience();
			if (!"id".equals(tokenUse) || audience == null || audience.isEmpty()
					|| (!clientIds.isEmpty() && audience.stream().noneMatch(clientIds::contains))
					|| (this.audienceExpression != null
							&& audience.stream().noneMatch((aud) -> this.audienceExpression.matcher(aud).matches()))) {
				return AuthorizationResult.Unauthorized.DEFAULT;
			}
		}
		else {
			if (!"access".equals(tokenUse) || (!clientIds.isEmpty() && !clientIds.contains(token.clientId()))
					|| this.audienceExpression != null || this.scopes.stream().noneMatch(token.scopes()::contains)) {
				return AuthorizationResult.Unauthorized.DEFAULT;
			}
		}
		return new AuthorizationResult.Allow(exchange, context.withAuthorizer(token.output()), false);
	}

	/**
	 * What the authorizer reads from a verified token's claims, once per token while it is cached.
	 *
	 * @param scopes the {@code scope} claim's scopes
	 * @param output the claims as they reach the integration
	 */
	private record PoolToken(@Nullable String issuer, @Nullable Instant expiresAt, @Nullable Instant notBefore,
			@Nullable String tokenUse, @Nullable List<String> audience, @Nullable String clientId, List<String> scopes,
			AuthorizerOutput output) {

		static final Function<Jwt, PoolToken> READ = PoolToken::of;

		static PoolToken of(Jwt jwt) {
			String scope = jwt.getClaimAsString("scope");
			List<String> audience = jwt.getAudience();
			return new PoolToken(jwt.getClaimAsString("iss"), jwt.getExpiresAt(), jwt.getNotBefore(),
					jwt.getClaimAsString("token_use"), (audience != null) ? List.copyOf(audience) : null,
					jwt.getClaimAsString("client_id"), (scope != null) ? List.of(scope.trim().split("\\s+")) : List.of(),
					new AuthorizerOutput(null, Map.of(), claims(jwt), null, null));
		}

		/** Claims may carry personal data. */
		@Override
		public String toString() {
			return "PoolToken[issuer=" + this.issuer + ", tokenUse=" + this.tokenUse + "]";
		}

	}

	/** The claims as AWS passes them on: every value a string, dates in Java's {@code Date} format. */
	private static Map<String, Object> claims(Jwt jwt) {
		Map<String, Object> claims = new LinkedHashMap<>();
		jwt.getClaims().forEach((name, value) -> {
			if (value == null) {
				return;
			}
			String text;
			if (value instanceof Instant instant) {
				text = CLAIM_DATE.format(instant);
			}
			else if (value instanceof Collection<?> values) {
				text = String.join(",", values.stream().map(String::valueOf).toList());
			}
			else {
				text = String.valueOf(value);
			}
			claims.put(name, text);
		});
		return claims;
	}

	@Override
	public String toString() {
		return "CognitoAuthorizer[" + this.authorizer.id() + ", issuers=" + this.issuers + ", scopes=" + this.scopes
				+ "]";
	}

}
