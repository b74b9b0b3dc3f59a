package io.tollgate.auth.jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Tokens whose signature a decoder verified, kept so that a client sending the same token again costs a lookup
 * instead of a signature verification. An entry is keyed by the whole token, compared exactly (the signature
 * included, so a token with the same claims and another signature is never a hit; the entry holds the token anyway,
 * so keying it by a digest would only add a SHA-256 to every request), holds only while
 * the token is valid ({@code nbf} reached, {@code exp} not) and at most the TTL, and only for the key set that
 * verified it: a hit needs the same {@link JwkSetCache} at the same {@link JwkSetCache#generation() generation},
 * so keys that changed or went stale send the token through verification again. Bounded in size (Caffeine's
 * eviction); one instance serves every JWT authorizer.
 *
 * <p>Only the signature and what the decoder itself validates are cached: expiry, audience, scopes and the like
 * are still checked by the authorizer on every request.
 */
public final class VerifiedTokenCache {

	private final @Nullable Cache<String, Entry> tokens;

	private final Duration ttl;

	private final Clock clock;

	private record Entry(VerifiedToken token, JwkSetCache keys, long generation, Instant until) {
	}

	/** @param maximumSize tokens kept at most; 0 turns the cache off */
	public VerifiedTokenCache(long maximumSize, Duration ttl, Clock clock) {
		this.ttl = ttl;
		this.clock = clock;
		this.tokens = (maximumSize > 0 && !ttl.isNegative() && !ttl.isZero()) ? Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(Expiry.<String, Entry>writing((token, entry) -> remaining(entry)))
			.build() : null;
	}

	/**
	 * The token as a decoder of this cache verified it (its issuer validated against that decoder's), while it is
	 * kept; {@code null} otherwise. A caller that trusts only some issuers must still check the token's.
	 */
	public @Nullable VerifiedToken verified(String token) {
		Cache<String, Entry> tokens = this.tokens;
		if (tokens == null) {
			return null;
		}
		Entry entry = tokens.getIfPresent(token);
		return (entry != null && valid(entry, entry.keys())) ? entry.token() : null;
	}

	/**
	 * A decoder answering from this cache and verifying with {@code verifying} otherwise.
	 * @param keys the key set {@code verifying} checks signatures with
	 */
	public ReactiveJwtDecoder decoder(ReactiveJwtDecoder verifying, JwkSetCache keys) {
		Cache<String, Entry> tokens = this.tokens;
		if (tokens == null) {
			return verifying;
		}
		return (token) -> {
			Entry entry = tokens.getIfPresent(token);
			if (entry != null && valid(entry, keys)) {
				return Mono.just(entry.token().jwt());
			}
			long generation = keys.generation();
			return verifying.decode(token).doOnNext((jwt) -> {
				// Kept only when one key set was in use throughout: a refresh during the verification may have
				// dropped the key that signed it.
				if (generation >= 0 && keys.generation() == generation) {
					put(tokens, token, jwt, keys, generation);
				}
			});
		};
	}

	/** How many tokens are kept now (after pending evictions). */
	public long size() {
		Cache<String, Entry> tokens = this.tokens;
		if (tokens == null) {
			return 0;
		}
		tokens.cleanUp();
		return tokens.estimatedSize();
	}

	/** Verified with {@code keys} as they are now (same generation, not stale), and not past its time. */
	private boolean valid(Entry entry, JwkSetCache keys) {
		long generation = keys.generation();
		return entry.keys() == keys && entry.generation() == generation && generation >= 0
				&& this.clock.instant().isBefore(entry.until());
	}

	private void put(Cache<String, Entry> tokens, String token, Jwt jwt, JwkSetCache keys, long generation) {
		Instant now = this.clock.instant();
		Instant expiresAt = jwt.getExpiresAt();
		Instant notBefore = jwt.getNotBefore();
		if (expiresAt == null || !now.isBefore(expiresAt) || (notBefore != null && now.isBefore(notBefore))) {
			return;
		}
		Instant until = now.plus(this.ttl);
		// Keyed by the token the entry holds: one copy of it.
		String key = token.equals(jwt.getTokenValue()) ? jwt.getTokenValue() : token;
		tokens.put(key, new Entry(new VerifiedToken(jwt), keys, generation, expiresAt.isBefore(until) ? expiresAt : until));
	}

	private Duration remaining(Entry entry) {
		Duration remaining = Duration.between(this.clock.instant(), entry.until());
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	@Override
	public String toString() {
		return "VerifiedTokenCache[" + size() + " tokens, ttl " + this.ttl + "]";
	}

}
