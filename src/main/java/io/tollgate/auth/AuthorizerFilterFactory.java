package io.tollgate.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.auth.cognito.CognitoAuthorizer;
import io.tollgate.auth.cognito.CognitoUserPools;
import io.tollgate.auth.jwt.JwtAuthorizer;
import io.tollgate.auth.jwt.JwtIssuers;
import io.tollgate.auth.lambda.AuthorizerResultCache;
import io.tollgate.auth.lambda.HttpApiLambdaAuthorizer;
import io.tollgate.auth.lambda.LambdaAuthorizer;
import io.tollgate.auth.sigv4.IamAuthorizer;
import io.tollgate.auth.sigv4.IamIdentities;
import io.tollgate.auth.sigv4.SigV4Verifier;
import io.tollgate.config.TollgateProperties;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.function.FunctionInvoker;
import io.tollgate.function.FunctionUri;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Authorizer;
import io.tollgate.model.AuthorizerType;
import io.tollgate.model.RestApi;
import io.tollgate.policy.PolicyException;
import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.pipeline.DeployedRoute;
import io.tollgate.model.v2.JwtConfiguration;
import io.tollgate.pipeline.MethodFilterFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.web.server.ServerWebExchange;

/**
 * The resource-policy and authorizer steps of each method: a {@link ResourcePolicyFilter} when the API has a
 * policy (and the method is not {@code AWS_IAM}), and an {@link AuthorizerFilter} with the decision maker the
 * method's {@code authorizationType} and authorizer call for. Methods without either get no filter.
 */
public final class AuthorizerFilterFactory implements MethodFilterFactory {

	private static final Log logger = LogFactory.getLog(AuthorizerFilterFactory.class);

	private final TollgateProperties tollgate;

	private final AuthProperties properties;

	private final SigV4Verifier verifier;

	private final IamIdentities identities;

	private final CognitoUserPools userPools;

	private final AuthorizerResultCache cache;

	private final JwtIssuers jwtIssuers;

	private final Supplier<FunctionInvoker> invoker;

	private final MeterRegistry meters;

	private static final Duration HTTP_API_AUTHORIZER_TIMEOUT = Duration.ofSeconds(10);

	// Every method of a deployment shares its API's parsed policy.
	private final Cache<String, Parsed> policies = Caffeine.newBuilder().maximumSize(1_000).build();

	private record Parsed(@Nullable ResourcePolicy policy) {
	}

	public AuthorizerFilterFactory(TollgateProperties tollgate, AuthProperties properties, SigV4Verifier verifier,
			IamIdentities identities, CognitoUserPools userPools, JwtIssuers jwtIssuers, AuthorizerResultCache cache,
			Supplier<FunctionInvoker> invoker, MeterRegistry meters) {
		this.jwtIssuers = jwtIssuers;
		this.tollgate = tollgate;
		this.properties = properties;
		this.verifier = verifier;
		this.identities = identities;
		this.userPools = userPools;
		this.cache = cache;
		this.invoker = invoker;
		this.meters = meters;
	}

	@Override
	public List<GatewayFilter> filtersFor(DeployedMethod method) {
		AuthorizationType type = method.method().authorizationType();
		ResourcePolicy policy = resourcePolicy(method.api());
		GatewayFilter policyFilter = (policy != null && type != AuthorizationType.AWS_IAM)
				? new ResourcePolicyFilter(policy, this.tollgate.region()) : null;
		RequestAuthorizer authorizer = switch (type) {
			case NONE -> null;
			case AWS_IAM -> new IamAuthorizer(this.verifier, this.identities, policy, this.tollgate.region(),
					this.tollgate.accountId(), Clock.systemUTC());
			case CUSTOM, COGNITO_USER_POOLS -> authorizer(method);
		};
		GatewayFilter authorizerFilter = (authorizer != null)
				? new AuthorizerFilter(authorizer, method.api().id(), this.meters) : null;
		if (policyFilter == null) {
			return (authorizerFilter != null) ? List.of(authorizerFilter) : List.of();
		}
		return (authorizerFilter != null) ? List.of(policyFilter, authorizerFilter) : List.of(policyFilter);
	}

	/**
	 * The authorizer step of an HTTP API route (aws-behavior-v2 §A.6): a JWT authorizer with the route's scopes,
	 * a Lambda {@code REQUEST} authorizer, or IAM (SigV4) without resource policies; nothing for {@code NONE}.
	 */
	@Override
	public List<GatewayFilter> filtersFor(DeployedRoute route) {
		RequestAuthorizer authorizer = switch (route.route().authorizationType()) {
			case NONE -> null;
			case AWS_IAM -> new IamAuthorizer(this.verifier, this.identities, null, this.tollgate.region(),
					this.tollgate.accountId(), Clock.systemUTC(), true);
			case JWT, CUSTOM -> httpApiAuthorizer(route);
		};
		return (authorizer != null) ? List.of(new AuthorizerFilter(authorizer, route.api().apiId(), this.meters))
				: List.of();
	}

	private RequestAuthorizer httpApiAuthorizer(DeployedRoute route) {
		io.tollgate.model.v2.Authorizer authorizer = route.authorizer();
		if (authorizer == null) {
			return new Misconfigured("authorizer " + route.route().authorizerId() + " is not part of deployment "
					+ route.deploymentId());
		}
		try {
			if (authorizer.authorizerType() == io.tollgate.model.v2.AuthorizerType.JWT) {
				JwtConfiguration jwt = authorizer.jwtConfiguration();
				if (jwt == null || jwt.issuer() == null || authorizer.identitySource().isEmpty()) {
					return new Misconfigured("JWT authorizer " + authorizer.authorizerId() + " has no issuer");
				}
				return new JwtAuthorizer(authorizer.authorizerId(), jwt.issuer(), jwt.audience(),
						authorizer.identitySource().get(0), route.route().authorizationScopes(), this.jwtIssuers);
			}
			// AWS gives an HTTP API's Lambda authorizer 10 s at most.
			Duration timeout = this.properties.lambdaTimeout().compareTo(HTTP_API_AUTHORIZER_TIMEOUT) < 0
					? this.properties.lambdaTimeout() : HTTP_API_AUTHORIZER_TIMEOUT;
			return new HttpApiLambdaAuthorizer(authorizer,
					FunctionUri.functionOfArnOrUri(authorizer.authorizerUri()),
					this.invoker, this.cache, this.tollgate.region(), timeout);
		}
		catch (RuntimeException ex) {
			logger.warn("Authorizer " + authorizer.authorizerId() + " of " + route.routeId() + " cannot be served: "
					+ ex.getMessage());
			return new Misconfigured(ex.getMessage());
		}
	}

	private RequestAuthorizer authorizer(DeployedMethod method) {
		String id = method.method().authorizerId();
		Authorizer authorizer = (id != null) ? method.components().authorizers().get(id) : null;
		if (authorizer == null) {
			return new Misconfigured("authorizer " + id + " is not part of deployment " + method.deploymentId());
		}
		if (authorizer.type() == AuthorizerType.COGNITO_USER_POOLS) {
			return new CognitoAuthorizer(authorizer, method.method().authorizationScopes(), this.userPools);
		}
		return new LambdaAuthorizer(authorizer, FunctionUri.functionOf(authorizer.authorizerUri()), this.invoker,
				this.cache, this.tollgate.region(), this.properties.lambdaTimeout());
	}

	private @Nullable ResourcePolicy resourcePolicy(RestApi api) {
		String json = api.policy();
		if (json == null || json.isBlank()) {
			return null;
		}
		return this.policies.get(api.id() + "\n" + json, (key) -> {
			try {
				return new Parsed(ResourcePolicy.parse(json, this.tollgate.region(), this.tollgate.accountId(),
						api.id(), this.properties));
			}
			catch (PolicyException ex) {
				// Fails closed: a policy that does not parse allows nobody.
				logger.warn("Resource policy of API " + api.id() + " is invalid (" + ex.getMessage()
						+ "); every request is denied");
				return new Parsed(ResourcePolicy.parse("{\"Statement\":[]}", this.tollgate.region(),
						this.tollgate.accountId(), api.id(), this.properties));
			}
		}).policy();
	}

	/** A method whose authorizer is missing from its deployment: 500 AuthorizerConfigurationException. */
	private record Misconfigured(String reason) implements RequestAuthorizer {

		@Override
		public Mono<AuthorizationResult> authorize(ServerWebExchange exchange, RequestContext context) {
			return Mono.just(AuthorizationResult.Error.CONFIGURATION);
		}

		@Override
		public String type() {
			return "CUSTOM";
		}

	}

}
