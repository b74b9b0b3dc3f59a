package io.tollgate.auth.jwt;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The keys of one issuer, fetched from its JWKS URL without blocking and kept for a TTL. An unknown key id triggers
 * one fetch, at most once per refresh interval (concurrent requests share it); a key id still unknown afterwards
 * finds no key, so the token is rejected. Spring Security's own remote key source refetches on every unknown key id.
 * Each distinct key set fetched gets a new {@link #generation()}, by which tokens verified with an earlier set are
 * known to need verifying again.
 */
public final class JwkSetCache {

	private static final Log logger = LogFactory.getLog(JwkSetCache.class);

	private final String jwksUrl;

	private final WebClient client;

	private final Duration ttl;

	private final Duration refreshInterval;

	private final Duration timeout;

	private final Clock clock;

	private final AtomicReference<@Nullable Keys> keys = new AtomicReference<>();

	private final AtomicReference<@Nullable Mono<Keys>> fetching = new AtomicReference<>();

	private final AtomicLong generations = new AtomicLong();

	private record Keys(JWKSet set, Instant fetchedAt, long generation) {
	}

	public JwkSetCache(String jwksUrl, WebClient client, Duration ttl, Duration refreshInterval, Duration timeout,
			Clock clock) {
		this.jwksUrl = jwksUrl;
		this.client = client;
		this.ttl = ttl;
		this.refreshInterval = refreshInterval;
		this.timeout = timeout;
		this.clock = clock;
	}

	/** The keys that may have signed {@code jwt}: those matching its header, after a refresh when none do. */
	public Flux<JWK> keysFor(SignedJWT jwt) {
		JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
		Keys current = this.keys.get();
		Instant now = this.clock.instant();
		if (current != null) {
			List<JWK> matching = selector.select(current.set());
			boolean fresh = now.isBefore(current.fetchedAt().plus(this.ttl));
			if (!matching.isEmpty() && fresh) {
				return Flux.fromIterable(matching);
			}
			if (fresh && now.isBefore(current.fetchedAt().plus(this.refreshInterval))) {
				return Flux.empty();
			}
		}
		return fetch().flatMapIterable((fetched) -> selector.select(fetched.set()));
	}

	/**
	 * The generation of the keys in use, or -1 when there are none yet or they are older than the TTL (the next
	 * verification fetches them again). A fetch that finds the same keys keeps the generation.
	 */
	public long generation() {
		Keys current = this.keys.get();
		return (current != null && this.clock.instant().isBefore(current.fetchedAt().plus(this.ttl)))
				? current.generation() : -1;
	}

	private Mono<Keys> fetch() {
		Mono<Keys> inFlight = this.fetching.get();
		if (inFlight != null) {
			return inFlight;
		}
		Mono<Keys> fetch = this.client.get()
			.uri(this.jwksUrl)
			.retrieve()
			.bodyToMono(String.class)
			.timeout(this.timeout)
			.map((body) -> {
				try {
					JWKSet fetched = JWKSet.parse(body);
					Keys previous = this.keys.get();
					long generation = (previous != null && previous.set().getKeys().equals(fetched.getKeys()))
							? previous.generation() : this.generations.incrementAndGet();
					return new Keys(fetched, this.clock.instant(), generation);
				}
				catch (ParseException ex) {
					throw new IllegalStateException("Key set at " + this.jwksUrl + " does not parse", ex);
				}
			})
			.doOnNext(this.keys::set)
			.onErrorResume((ex) -> {
				logger.warn("Could not fetch the keys at " + this.jwksUrl + ": " + ex.getMessage());
				// Keep what we had; remember the attempt so that the next unknown kid waits for the interval.
				Keys previous = this.keys.get();
				Keys attempted = (previous != null) ? new Keys(previous.set(), this.clock.instant(), previous.generation())
						: new Keys(new JWKSet(), this.clock.instant(), this.generations.incrementAndGet());
				this.keys.set(attempted);
				return Mono.just(attempted);
			})
			.doFinally((signal) -> this.fetching.set(null))
			.cache();
		return this.fetching.compareAndSet(null, fetch) ? fetch : fetch();
	}

	@Override
	public String toString() {
		return "JwkSetCache[" + this.jwksUrl + "]";
	}

}
