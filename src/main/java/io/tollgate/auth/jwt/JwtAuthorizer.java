package io.tollgate.auth.jwt;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.tollgate.auth.AuthorizationResult;
import io.tollgate.auth.RequestAuthorizer;
import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.RequestContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.web.server.ServerWebExchange;

/**
 * An HTTP API's JWT authorizer on one route (aws-behavior-v2 §A.6.1), for any OpenID Connect issuer: the token from
 * the identity source (a header or query parameter, {@code Bearer } optional) must be an RS256/384/512 JWT signed
 * by one of the issuer's keys, with {@code iss} the issuer, {@code aud} (or, only without {@code aud},
 * {@code client_id}) among the audiences, {@code exp} in the future and {@code nbf} and {@code iat} past; every
 * failure is 401 {@code Unauthorized} with a {@code www-authenticate} challenge. A route's scopes must meet one of
 * the token's ({@code scope} or {@code scp}), else 403 {@code Forbidden}. The claims reach the integration as AWS
 * renders them: every value a string, arrays {@code [a b]}, objects as JSON.
 */
public final class JwtAuthorizer implements RequestAuthorizer {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Log logger = LogFactory.getLog(JwtAuthorizer.class);

	private final String authorizerId;

	private final String issuer;

	private final Set<String> audience;

	private final IdentitySource identitySource;

	private final List<String> scopes;

	private final JwtIssuers issuers;

	/**
	 * @param identitySource {@code $request.header.{name}} or {@code $request.querystring.{name}}
	 * @param scopes the route's {@code authorizationScopes}
	 * @throws IllegalArgumentException when the identity source is neither
	 */
	public JwtAuthorizer(String authorizerId, String issuer, List<String> audience, String identitySource,
			List<String> scopes, JwtIssuers issuers) {
		this.authorizerId = authorizerId;
		this.issuer = issuer;
		this.audience = Set.copyOf(audience);
		this.identitySource = IdentitySource.parse(identitySource);
		this.scopes = List.copyOf(scopes);
		this.issuers = issuers;
	}

	@Override
	public String type() {
		return "JWT";
	}

	@Override
	public Mono<AuthorizationResult> authorize(ServerWebExchange exchange, RequestContext context) {
		String token = this.identitySource.valueOf(exchange.getRequest());
		if (token == null || token.isBlank()) {
			return Mono.just(unauthorized("the token is missing"));
		}
		token = token.trim();
		if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
			token = token.substring(7).trim();
		}
		VerifiedToken verified = this.issuers.verified(token);
		if (verified != null) {
			IssuerToken read = verified.read(IssuerToken.READ);
			return Mono.just(this.issuer.equals(read.issuer()) ? check(exchange, context, read)
					: unauthorized("the token does not have a valid issuer"));
		}
		String jwt = token;
		return this.issuers.decoderFor(this.issuer)
			.flatMap((decoder) -> decoder.decode(jwt))
			.map((decoded) -> check(exchange, context, IssuerToken.READ.apply(decoded)))
			// A bad signature or issuer, a token that does not parse, keys that cannot be fetched: all 401.
			.onErrorResume((ex) -> {
				if (logger.isDebugEnabled()) {
					logger.debug("Authorizer " + this.authorizerId + " refused a token: " + ex.getMessage()
							+ ((ex instanceof JwtValidationException invalid) ? " " + invalid.getErrors() : "") + " " + ex.getCause());
				}
				return Mono.just(unauthorized("the token is not valid"));
			});
	}

	private AuthorizationResult check(ServerWebExchange exchange, RequestContext context, IssuerToken token) {
		Instant now = this.issuers.clock().instant();
		if (token.audience().stream().noneMatch(this.audience::contains)) {
			return unauthorized("the token does not have a valid audience");
		}
		Instant expiresAt = token.expiresAt();
		if (expiresAt == null || !now.isBefore(expiresAt)) {
			return unauthorized("the token has expired");
		}
		Instant notBefore = token.notBefore();
		Instant issuedAt = token.issuedAt();
		if ((notBefore != null && now.isBefore(notBefore)) || (issuedAt != null && now.plusSeconds(1).isBefore(issuedAt))) {
			return unauthorized("the token is not valid yet");
		}
		if (!this.scopes.isEmpty() && this.scopes.stream().noneMatch(token.scopes()::contains)) {
			return new AuthorizationResult.Deny(GatewayResponseType.ACCESS_DENIED, "Forbidden", null, false);
		}
		AuthorizerOutput output = this.scopes.isEmpty() ? token.output() : token.outputWithScopes();
		return new AuthorizationResult.Allow(exchange, context.withAuthorizer(output), false);
	}

	/**
	 * What the authorizer reads from a verified token, once per token while it is cached.
	 *
	 * @param audience {@code aud}, or {@code client_id} when the token has no {@code aud}
	 * @param scopes the token's scopes ({@code scope} and {@code scp})
	 * @param output the claims as they reach the integration, for a route without scopes
	 * @param outputWithScopes the same with the token's scopes, for a route with some
	 */
	private record IssuerToken(@Nullable String issuer, List<String> audience, @Nullable Instant expiresAt,
			@Nullable Instant notBefore, @Nullable Instant issuedAt, List<String> scopes, AuthorizerOutput output,
			AuthorizerOutput outputWithScopes) {

		static final Function<Jwt, IssuerToken> READ = IssuerToken::of;

		static IssuerToken of(Jwt jwt) {
			Map<String, JsonNode> claims = rawClaims(jwt.getTokenValue());
			List<String> audience = claims.containsKey("aud") ? strings(claims.get("aud"))
					: strings(claims.get("client_id"));
			List<String> granted = new ArrayList<>();
			JsonNode scope = claims.get("scope");
			if (scope != null && scope.isString()) {
				granted.addAll(List.of(scope.asString().trim().split("\\s+")));
			}
			JsonNode scp = claims.get("scp");
			if (scp != null) {
				granted.addAll(scp.isString() ? List.of(scp.asString().trim().split("\\s+")) : strings(scp));
			}
			Map<String, Object> rendered = rendered(claims);
			// Neither list is changed afterwards.
			return new IssuerToken(jwt.getClaimAsString("iss"), audience, jwt.getExpiresAt(), jwt.getNotBefore(),
					jwt.getIssuedAt(), granted, AuthorizerOutput.jwt(rendered, null),
					AuthorizerOutput.jwt(rendered, granted));
		}

		/** Claims may carry personal data. */
		@Override
		public String toString() {
			return "IssuerToken[issuer=" + this.issuer + "]";
		}

	}

	/**
	 * The claims as HTTP APIs hand them on (§A.6.1): numbers and booleans as their text, arrays Go-style
	 * ({@code [admin poweruser]}), objects as JSON; null claims left out.
	 */
	static Map<String, Object> rendered(Map<String, JsonNode> claims) {
		Map<String, Object> rendered = new LinkedHashMap<>();
		claims.forEach((name, value) -> {
			if (value != null && !value.isNull()) {
				rendered.put(name, text(value));
			}
		});
		return rendered;
	}

	private static String text(JsonNode value) {
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(text(item)));
			return "[" + String.join(" ", items) + "]";
		}
		if (value.isObject()) {
			return value.toString();
		}
		return value.asString();
	}

	private static List<String> strings(@Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (node.isArray()) {
			List<String> values = new ArrayList<>();
			node.forEach((item) -> values.add(item.asString()));
			return values;
		}
		return List.of(node.asString());
	}

	/** The verified token's claims as its payload has them (Spring's {@link Jwt} converts some). */
	private static Map<String, JsonNode> rawClaims(String token) {
		String[] parts = token.split("\\.");
		Map<String, JsonNode> claims = new LinkedHashMap<>();
		if (parts.length >= 2) {
			JsonNode payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
			payload.properties().forEach((entry) -> claims.put(entry.getKey(), entry.getValue()));
		}
		return claims;
	}

	private static AuthorizationResult unauthorized(String description) {
		return new AuthorizationResult.Unauthorized("Unauthorized", Map.of("www-authenticate",
				"Bearer scope=\"\" error=\"invalid_token\" error_description=\"" + description + "\""));
	}

	@Override
	public String toString() {
		return "JwtAuthorizer[" + this.authorizerId + ", issuer=" + this.issuer + ", scopes=" + this.scopes + "]";
	}

	/** Where the token is: one header or one query parameter. */
	private record IdentitySource(boolean header, String name) {

		static IdentitySource parse(String source) {
			String trimmed = source.trim();
			if (trimmed.startsWith("$request.header.") && trimmed.length() > "$request.header.".length()) {
				return new IdentitySource(true, trimmed.substring("$request.header.".length()));
			}
			if (trimmed.startsWith("$request.querystring.") && trimmed.length() > "$request.querystring.".length()) {
				return new IdentitySource(false, trimmed.substring("$request.querystring.".length()));
			}
			throw new IllegalArgumentException("Invalid identity source for a JWT authorizer: " + source);
		}

		@Nullable String valueOf(ServerHttpRequest request) {
			return this.header ? request.getHeaders().getFirst(this.name) : request.getQueryParams().getFirst(this.name);
		}

	}

}
