package io.tollgate.bench.jmh;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.tollgate.auth.AuthorizationResult;
import io.tollgate.auth.cognito.CognitoAuthorizer;
import io.tollgate.auth.cognito.CognitoProperties;
import io.tollgate.auth.cognito.CognitoUserPools;
import io.tollgate.auth.cognito.TestJwts;
import io.tollgate.auth.jwt.VerifiedTokenCache;
import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.pipeline.CallerIdentity;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.model.Authorizer;
import io.tollgate.model.AuthorizerType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/**
 * A Cognito user-pool authorizer deciding on an RS256 ID token (keys from {@link TestJwts}'s JWKS, fetched once),
 * as a method with {@code COGNITO_USER_POOLS} does per request: with the verified-token cache off
 * ({@code verifiedTokens = 0}: an RS256 verification every time) and on (the same token again: a digest and a
 * lookup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CognitoAuthorizerBenchmark {

	@Param({ "0", "10000" })
	public long verifiedTokens;

	private CognitoAuthorizer authorizer;

	private MockServerWebExchange exchange;

	private RequestContext context;

	@Setup
	public void setUp() {
		TestJwts jwts = TestJwts.get();
		CognitoProperties properties = new CognitoProperties(jwts.endpoint(), List.of(), Duration.ZERO,
				Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(5));
		CognitoUserPools pools = new CognitoUserPools(properties,
				new VerifiedTokenCache(this.verifiedTokens, Duration.ofMinutes(5), Clock.systemUTC()),
				Clock.systemUTC());
		this.authorizer = new CognitoAuthorizer(new Authorizer("pool", "pool", AuthorizerType.COGNITO_USER_POOLS,
				List.of(TestJwts.POOL_ARN), null, null, null, "method.request.header.Authorization", null, null),
				List.of(), pools);
		this.exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/prod/pets")
			.header("Authorization", jwts.sign(jwts.idToken("alice"))));
		this.context = new RequestContext("id", "ext", 0L, "000000000000", "api1", "prod", "d1", "r1", "/pets",
				"GET", "/prod/pets", Map.of(), Map.of(), Map.of(), null, "127.0.0.1", null, "HTTP/1.1", "localhost",
				CallerIdentity.ANONYMOUS, AuthorizerOutput.NONE);
		for (int i = 0; i < 2; i++) {
			if (!(authorize() instanceof AuthorizationResult.Allow)) {
				throw new IllegalStateException("the benchmark's token is not accepted");
			}
		}
	}

	@Benchmark
	public AuthorizationResult authorize() {
		return this.authorizer.authorize(this.exchange, this.context).block();
	}

}
