package io.tollgate.auth;

import java.time.Clock;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.auth.cognito.CognitoProperties;
import io.tollgate.auth.cognito.CognitoUserPools;
import io.tollgate.auth.jwt.JwtIssuers;
import io.tollgate.auth.jwt.JwtProperties;
import io.tollgate.auth.jwt.VerifiedTokenCache;
import io.tollgate.auth.lambda.AuthorizerResultCache;
import io.tollgate.auth.lambda.EmbeddedAuthorizerResultCache;
import io.tollgate.auth.lambda.RedisAuthorizerResultCache;
import io.tollgate.auth.sigv4.IamIdentities;
import io.tollgate.auth.sigv4.IamProperties;
import io.tollgate.auth.sigv4.SigV4Verifier;
import io.tollgate.config.TollgateProperties;
import io.tollgate.function.FunctionInvoker;
import io.tollgate.redis.RedisProperties;
import io.tollgate.redis.SharedRedis;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * Wires authorization: IAM identities ({@code tollgate.iam.*}), Cognito user pools ({@code tollgate.cognito.*}),
 * the verified JWTs every JWT authorizer shares ({@code tollgate.jwt.*}), the Lambda authorizer result cache (Redis
 * when {@code tollgate.redis.url} is set, Caffeine otherwise) and the resource-policy and authorizer steps of every
 * method.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AuthProperties.class, IamProperties.class, CognitoProperties.class,
		JwtProperties.class })
public class AuthConfiguration {

	private static final Log logger = LogFactory.getLog(AuthConfiguration.class);

	/** The signing name of API Gateway's data plane. */
	public static final String EXECUTE_API = "execute-api";

	/** In Redis, shared by replicas, when the shared client exists ({@code tollgate.redis.url}), else Caffeine. */
	@Bean
	AuthorizerResultCache authorizerResultCache(ObjectProvider<SharedRedis> redis, RedisProperties redisProperties,
			AuthProperties properties, ObjectProvider<MeterRegistry> meters) {
		SharedRedis client = redis.getIfAvailable();
		if (client != null) {
			logger.info("Lambda authorizer results are cached in Redis, shared by replicas");
			return new RedisAuthorizerResultCache(client, redisProperties.commandTimeout(),
					meters.getIfAvailable(SimpleMeterRegistry::new));
		}
		return new EmbeddedAuthorizerResultCache(properties.cacheMaximumSize());
	}

	@Bean
	IamIdentities iamIdentities(IamProperties properties, TollgateProperties tollgate) {
		return new IamIdentities(properties, tollgate);
	}

	@Bean
	VerifiedTokenCache verifiedTokenCache(JwtProperties properties) {
		return new VerifiedTokenCache(properties.verifiedTokensMaximumSize(), properties.verifiedTokensTtl(),
				Clock.systemUTC());
	}

	@Bean
	CognitoUserPools cognitoUserPools(CognitoProperties properties, VerifiedTokenCache verifiedTokens) {
		return new CognitoUserPools(properties, verifiedTokens, Clock.systemUTC());
	}

	@Bean
	JwtIssuers jwtIssuers(JwtProperties properties, VerifiedTokenCache verifiedTokens) {
		return new JwtIssuers(properties, verifiedTokens, Clock.systemUTC());
	}

	@Bean
	AuthorizerFilterFactory authorizerFilterFactory(TollgateProperties tollgate, AuthProperties properties,
			IamIdentities identities, CognitoUserPools userPools, JwtIssuers jwtIssuers, AuthorizerResultCache cache,
			ObjectProvider<FunctionInvoker> invoker, ObjectProvider<MeterRegistry> meters) {
		SigV4Verifier verifier = new SigV4Verifier(EXECUTE_API, tollgate.region(), identities::secretAccessKey,
				Clock.systemUTC(), properties.maxClockSkew(), properties.unsignedPayloadOverHttp());
		Supplier<FunctionInvoker> functions = SingletonSupplier.of(invoker::getObject);
		return new AuthorizerFilterFactory(tollgate, properties, verifier, identities, userPools, jwtIssuers, cache,
				functions,
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

}
