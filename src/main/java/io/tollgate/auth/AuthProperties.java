package io.tollgate.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authorization settings beyond Cognito ({@code tollgate.cognito.*}) and IAM ({@code tollgate.iam.*}), under
 * {@code tollgate.auth.*}.
 *
 * @param lambdaTimeout bound on one Lambda authorizer invocation; past it the request fails with 500
 * {@code AuthorizerConfigurationException}
 * @param cacheMaximumSize the most Lambda authorizer results kept in memory (embedded mode)
 * @param sourceVpceHeader the request header holding the VPC endpoint id, {@code aws:SourceVpce} in resource
 * policies; the proxy in front must set it (and strip it from clients)
 * @param sourceVpcHeader the request header holding the VPC id, {@code aws:SourceVpc} in resource policies
 * @param maxClockSkew how far a SigV4 signing time may be from the clock (AWS: 5 minutes)
 * @param unsignedPayloadOverHttp whether a SigV4 signature over {@code UNSIGNED-PAYLOAD} is accepted on requests
 * that did not arrive over TLS (set it behind a proxy that terminates TLS)
 */
@ConfigurationProperties("tollgate.auth")
public record AuthProperties(@DefaultValue("10s") Duration lambdaTimeout,
		@DefaultValue("100000") long cacheMaximumSize, @DefaultValue("x-amzn-vpce-id") String sourceVpceHeader,
		@DefaultValue("x-amzn-vpc-id") String sourceVpcHeader, @DefaultValue("5m") Duration maxClockSkew,
		@DefaultValue("false") boolean unsignedPayloadOverHttp) {

}
