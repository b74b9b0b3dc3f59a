package io.tollgate.auth.jwt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A token a decoder of the {@link VerifiedTokenCache} verified, and what authorizers read from its claims: read once
 * per token while the cache keeps it instead of on every request that sends it again (the claims of a verified
 * token cannot change). Only the reading is kept; what depends on the time or the method (expiry, audience, scopes)
 * is still checked by the authorizer on every request.
 */
public final class VerifiedToken {

	private final Jwt jwt;

	private final Map<Function<Jwt, ?>, Object> readings = new ConcurrentHashMap<>(2);

	VerifiedToken(Jwt jwt) {
		this.jwt = jwt;
	}

	public Jwt jwt() {
		return this.jwt;
	}

	/**
	 * What {@code reading} reads from the token's claims, read the first time it is asked for. A reading is a
	 * constant (a {@code static final} function of the claims alone), so that a token keeps at most one value per
	 * kind of authorizer.
	 */
	@SuppressWarnings("unchecked")
	public <T> T read(Function<Jwt, T> reading) {
		Object value = this.readings.get(reading);
		if (value == null) {
			value = this.readings.computeIfAbsent(reading, (read) -> read.apply(this.jwt));
		}
		return (T) value;
	}

	/** Not the token: it is a credential. */
	@Override
	public String toString() {
		return "VerifiedToken[" + this.readings.size() + " readings]";
	}

}
