package io.tollgate.auth.cognito;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cognito user-pool authorizers, under {@code tollgate.cognito.*}.
 *
 * @param endpoint base URL standing in for {@code https://cognito-idp.{region}.amazonaws.com}: a pool's issuer is
 * {@code {endpoint}/{poolId}} and its keys are at {@code {issuer}/.well-known/jwks.json}; unset means AWS's
 * @param clientIds app client ids whose tokens are accepted ({@code aud} of ID tokens, {@code client_id} of access
 * tokens); empty accepts every client of the pool, as API Gateway does
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 * @param keysTtl how long a fetched key set is used before it is fetched again
 * @param keysRefreshInterval the least time between two fetches triggered by an unknown key id, so that tokens with
 * made-up key ids cannot make Tollgate hammer the key endpoint
 * @param keysTimeout bound on fetching a key set
 */
@ConfigurationProperties("tollgate.cognito")
public record CognitoProperties(@Nullable URI endpoint, @DefaultValue List<String> clientIds,
		@DefaultValue("0s") Duration clockSkew, @DefaultValue("1h") Duration keysTtl,
		@DefaultValue("30s") Duration keysRefreshInterval, @DefaultValue("5s") Duration keysTimeout) {

	/** The issuer of a user pool: {@code {endpoint}/{poolId}}. */
	public String issuer(String region, String poolId) {
		String base = (this.endpoint != null) ? this.endpoint.toString()
				: "https://cognito-idp." + region + ".amazonaws.com";
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + poolId;
	}

}
