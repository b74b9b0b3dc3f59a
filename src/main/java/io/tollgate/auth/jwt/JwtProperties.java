package io.tollgate.auth.jwt;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What JWT authorizers share, under {@code tollgate.jwt.*}.
 *
 * @param verifiedTokensMaximumSize tokens whose signature was verified kept in memory (about 2 KB each), so that a
 * client's next request with the same token skips the verification; 0 verifies every request
 * @param verifiedTokensTtl the longest a verified token is kept; never past its {@code exp}, and dropped when the
 * issuer's keys change
 * @param keysTtl how long an HTTP API JWT authorizer uses an issuer's fetched keys before fetching them again
 * @param keysRefreshInterval the least time between two fetches of an issuer's discovery document or keys triggered
 * by an unknown key id or a failed fetch
 * @param keysTimeout bound on fetching an issuer's discovery document and keys (AWS: 1500 ms)
 */
@ConfigurationProperties("tollgate.jwt")
public record JwtProperties(@DefaultValue("10000") long verifiedTokensMaximumSize,
		@DefaultValue("5m") Duration verifiedTokensTtl, @DefaultValue("1h") Duration keysTtl,
		@DefaultValue("30s") Duration keysRefreshInterval, @DefaultValue("1500ms") Duration keysTimeout) {

	/** The defaults, for code built outside Spring. */
	public static JwtProperties defaults() {
		return new JwtProperties(10_000, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(30),
				Duration.ofMillis(1500));
	}

}
