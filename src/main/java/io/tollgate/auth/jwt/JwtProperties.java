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
 */
@ConfigurationProperties("tollgate.jwt")
public record JwtProperties(@DefaultValue("10000") long verifiedTokensMaximumSize,
		@DefaultValue("5m") Duration verifiedTokensTtl) {

}
