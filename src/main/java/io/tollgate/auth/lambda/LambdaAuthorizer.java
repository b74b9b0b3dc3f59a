package io.tollgate.auth.lambda;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.google.re2j.Pattern;
import io.tollgate.auth.AuthorizationResult;
import io.tollgate.auth.RequestAuthorizer;
import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.function.FunctionInvoker;
import io.tollgate.function.FunctionResponse;
import io.tollgate.mapping.ParameterExpression;
import io.tollgate.model.AuthorRegex;
import io.tollgate.model.Authorizer;
import io.tollgate.model.AuthorizerType;
import io.tollgate.policy.PolicyDecision;
import io.tollgate.policy.PolicyPermissions;
import io.tollgate.policy.PolicyRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.server.ServerWebExchange;

/**
 * A Lambda authorizer (TOKEN or REQUEST) of one method. Reads the identity sources (a missing one, or a token that
 * fails {@code identityValidationExpression}, is 401 without invoking), answers from the result cache or invokes
 * the function with AWS's event, and evaluates the returned policy against this request's method ARN, so that a
 * cached policy written for other methods denies this one as AWS does.
 */
public final class LambdaAuthorizer implements RequestAuthorizer {

	static final String EXPLICIT_DENY = "User is not authorized to access this resource with an explicit deny";

	static final String NOT_AUTHORIZED = "User is not authorized to access this resource";

	private static final Log logger = LogFactory.getLog(LambdaAuthorizer.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Authorizer authorizer;

	private final @Nullable String function;

	private final List<ParameterExpression> identitySources;

	private final @Nullable Pattern validationExpression;

	private final Duration ttl;

	private final Supplier<FunctionInvoker> invoker;

	private final AuthorizerResultCache cache;

	private final String region;

	private final Duration timeout;

	/**
	 * @param function the function named by the authorizer's URI; {@code null} when it names none (every request
	 * then fails with AuthorizerConfigurationException)
	 * @param invoker the function invoker, looked up on first use
	 */
	public LambdaAuthorizer(Authorizer authorizer, @Nullable String function, Supplier<FunctionInvoker> invoker,
			AuthorizerResultCache cache, String region, Duration timeout) {
		this.authorizer = authorizer;
		this.function = function;
		this.identitySources = identitySources(authorizer);
		String expression = authorizer.identityValidationExpression();
		this.validationExpression = (authorizer.type() == AuthorizerType.TOKEN && expression != null
				&& !expression.isBlank()) ? AuthorRegex.compile(expression, 0, "identity validation expression") : null;
		this.ttl = Duration.ofSeconds(authorizer.authorizerResultTtlInSeconds());
		this.invoker = invoker;
		this.cache = cache;
		this.region = region;
		this.timeout = timeout;
	}

	private static List<ParameterExpression> identitySources(Authorizer authorizer) {
		String sources = authorizer.identitySource();
		List<ParameterExpression> parsed = new ArrayList<>();
		if (sources != null) {
			for (String source : sources.split(",")) {
				if (!source.isBlank()) {
					parsed.add(ParameterExpression.parse(source.trim()));
				}
			}
		}
		return List.copyOf(parsed);
	}

	@Override
	public String type() {
		return this.authorizer.type().name();
	}

	@Override
	public Mono<AuthorizationResult> authorize(ServerWebExchange exchange, RequestContext context) {
		List<String> identity = new ArrayList<>(this.identitySources.size());
		for (ParameterExpression source : this.identitySources) {
			String value = source.resolve(context, exchange.getRequest(), false);
			if (value == null || value.isEmpty()) {
				return Mono.just(AuthorizationResult.Unauthorized.DEFAULT);
			}
			identity.add(value);
		}
		boolean token = this.authorizer.type() == AuthorizerType.TOKEN;
		if (token && (identity.isEmpty() || (this.validationExpression != null
				&& !this.validationExpression.matcher(identity.get(0)).matches()))) {
			return Mono.just(AuthorizationResult.Unauthorized.DEFAULT);
		}
		String methodArn = context.methodArn(this.region);
		// Without identity sources AWS cannot cache (it requires them when caching is on).
		boolean caching = !this.ttl.isZero() && !identity.isEmpty();
		AuthorizerCacheKey key = AuthorizerCacheKey.of(context.apiId(), context.stage(), this.authorizer.id(),
				identity);
		Mono<AuthorizationResult> invoke = Mono
			.defer(() -> invoke(exchange, context, identity, methodArn, caching, key));
		if (!caching) {
			return invoke;
		}
		return this.cache.get(key)
			.map((cached) -> decide(exchange, context, cached, methodArn, true))
			.switchIfEmpty(invoke);
	}

	private Mono<AuthorizationResult> invoke(ServerWebExchange exchange, RequestContext context, List<String> identity,
			String methodArn, boolean caching, AuthorizerCacheKey key) {
		if (this.function == null) {
			logger.warn("Authorizer " + this.authorizer.id() + " names no Lambda function: "
					+ this.authorizer.authorizerUri());
			return Mono.just(AuthorizationResult.Error.CONFIGURATION);
		}
		byte[] event = (this.authorizer.type() == AuthorizerType.TOKEN)
				? LambdaAuthorizerEvent.token(identity.get(0), methodArn)
				: LambdaAuthorizerEvent.request(context, exchange.getRequest(), methodArn);
		return this.invoker.get()
			.invoke(this.function, event, this.timeout)
			.flatMap((response) -> {
				if (response.failed()) {
					return Mono.just(functionError(response));
				}
				LambdaAuthorizerResult result;
				try {
					result = LambdaAuthorizerResult.parse(response.payload());
				}
				catch (IllegalArgumentException ex) {
					logger.info("Authorizer " + this.authorizer.id() + " answered an unusable result: "
							+ ex.getMessage());
					return Mono.just(AuthorizationResult.Error.CONFIGURATION);
				}
				AuthorizationResult decision = decide(exchange, context, result, methodArn, false);
				return caching ? this.cache.put(key, result, this.ttl).thenReturn(decision) : Mono.just(decision);
			})
			.onErrorResume((ex) -> {
				logger.info("Authorizer " + this.authorizer.id() + " could not be invoked: " + ex);
				return Mono.just(AuthorizationResult.Error.CONFIGURATION);
			});
	}

	/** AWS: a function failing with the message {@code Unauthorized} means 401; any other failure is 500. */
	private AuthorizationResult functionError(FunctionResponse response) {
		try {
			JsonNode error = JSON.readTree(response.payload());
			JsonNode message = (error != null) ? error.get("errorMessage") : null;
			if (message != null && "Unauthorized".equals(message.asString())) {
				return AuthorizationResult.Unauthorized.DEFAULT;
			}
		}
		catch (RuntimeException ex) {
			// Not JSON: an error all the same.
		}
		logger.info("Authorizer " + this.authorizer.id() + " function failed (" + response.functionError() + ")");
		return AuthorizationResult.Error.CONFIGURATION;
	}

	private static AuthorizationResult decide(ServerWebExchange exchange, RequestContext context,
			LambdaAuthorizerResult result, String methodArn, boolean cached) {
		PolicyDecision decision = result.policy().evaluate(PolicyRequest.of("execute-api:Invoke", methodArn));
		if (decision == PolicyDecision.EXPLICIT_DENY) {
			return AuthorizationResult.Deny.accessDenied(EXPLICIT_DENY, cached);
		}
		if (decision == PolicyDecision.IMPLICIT_DENY) {
			return AuthorizationResult.Deny.accessDenied(NOT_AUTHORIZED, cached);
		}
		AuthorizerOutput output = new AuthorizerOutput(result.principalId(), result.context(), Map.of(),
				result.usageIdentifierKey(), new PolicyPermissions(List.of(result.policy())));
		return new AuthorizationResult.Allow(exchange, context.withAuthorizer(output), cached);
	}

	@Override
	public String toString() {
		return "LambdaAuthorizer[" + this.authorizer.type() + " " + this.authorizer.id() + ", function=" + this.function
				+ ", ttl=" + this.ttl + "]";
	}

}
