package io.tollgate.auth.lambda;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.tollgate.auth.AuthorizationResult;
import io.tollgate.auth.RequestAuthorizer;
import io.tollgate.function.FunctionInvoker;
import io.tollgate.mapping.ParameterExpression;
import io.tollgate.model.v2.Authorizer;
import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.policy.PolicyDecision;
import io.tollgate.policy.PolicyPermissions;
import io.tollgate.policy.PolicyRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * An HTTP API's Lambda {@code REQUEST} authorizer on one route (aws-behavior-v2 §A.6.2): a missing or empty
 * identity source is 401 without invoking; the function gets the payload format 2.0 event (or 1.0, REST-like) and
 * answers a simple {@code {isAuthorized, context}} (with {@code enableSimpleResponses}) or an IAM policy, evaluated
 * against the route ARN. Results are cached per identity-source values for {@code authorizerResultTtlInSeconds},
 * in the cache REST APIs' Lambda authorizers use. A refusal is 403 {@code Forbidden}; a failing function, an
 * unusable answer or an invocation past 10 s is 500 {@code Internal Server Error}.
 */
public final class HttpApiLambdaAuthorizer implements RequestAuthorizer {

	private static final Log logger = LogFactory.getLog(HttpApiLambdaAuthorizer.class);

	private final Authorizer authorizer;

	private final @Nullable String function;

	private final boolean version2;

	private final boolean simpleResponses;

	private final Duration ttl;

	private final Supplier<FunctionInvoker> invoker;

	private final AuthorizerResultCache cache;

	private final String region;

	private final Duration timeout;

	/** @param function the function the authorizer URI names; {@code null} when none (every request answers 500) */
	public HttpApiLambdaAuthorizer(Authorizer authorizer, @Nullable String function, Supplier<FunctionInvoker> invoker,
			AuthorizerResultCache cache, String region, Duration timeout) {
		this.authorizer = authorizer;
		this.function = function;
		this.version2 = !"1.0".equals(authorizer.authorizerPayloadFormatVersion());
		this.simpleResponses = this.version2 && Boolean.TRUE.equals(authorizer.enableSimpleResponses());
		this.ttl = Duration.ofSeconds(authorizer.resultTtlSeconds());
		this.invoker = invoker;
		this.cache = cache;
		this.region = region;
		this.timeout = timeout;
	}

	@Override
	public String type() {
		return "REQUEST";
	}

	@Override
	public Mono<AuthorizationResult> authorize(ServerWebExchange exchange, RequestContext context) {
		List<String> identity = new ArrayList<>(this.authorizer.identitySource().size());
		for (String source : this.authorizer.identitySource()) {
			String value = identityValue(source.trim(), context, exchange.getRequest());
			if (value == null || value.isEmpty()) {
				return Mono.just(AuthorizationResult.Unauthorized.DEFAULT);
			}
			identity.add(value);
		}
		String routeArn = context.methodArn(this.region);
		boolean caching = !this.ttl.isZero() && !identity.isEmpty();
		AuthorizerCacheKey key = AuthorizerCacheKey.of(context.apiId(), context.stage(),
				this.authorizer.authorizerId(), identity);
		Mono<AuthorizationResult> invoke = Mono.defer(() -> invoke(exchange, context, identity, routeArn, caching, key));
		if (!caching) {
			return invoke;
		}
		return this.cache.get(key)
			.map((cached) -> decide(exchange, context, cached, routeArn, true))
			.switchIfEmpty(invoke);
	}

	/** {@code $request.header.X}, {@code $request.querystring.X}, {@code $context.X} or {@code $stageVariables.X}. */
	private static @Nullable String identityValue(String source, RequestContext context, ServerHttpRequest request) {
		if (source.startsWith("$request.header.")) {
			List<String> values = request.getHeaders().get(source.substring("$request.header.".length()));
			return (values != null && !values.isEmpty()) ? String.join(",", values) : null;
		}
		if (source.startsWith("$request.querystring.")) {
			List<String> values = request.getQueryParams().get(source.substring("$request.querystring.".length()));
			return (values != null && !values.isEmpty()) ? String.join(",", values) : null;
		}
		if (source.startsWith("$context.")) {
			return new ParameterExpression(ParameterExpression.Source.CONTEXT, source.substring("$context.".length()))
				.resolve(context, request, false);
		}
		if (source.startsWith("$stageVariables.")) {
			return context.stageVariables().get(source.substring("$stageVariables.".length()));
		}
		return null;
	}

	private Mono<AuthorizationResult> invoke(ServerWebExchange exchange, RequestContext context, List<String> identity,
			String routeArn, boolean caching, AuthorizerCacheKey key) {
		if (this.function == null) {
			logger.warn("Authorizer " + this.authorizer.authorizerId() + " names no Lambda function: "
					+ this.authorizer.authorizerUri());
			return Mono.just(AuthorizationResult.Error.CONFIGURATION);
		}
		byte[] event = this.version2 ? LambdaAuthorizerEvent.httpApi(context, exchange.getRequest(), routeArn, identity)
				: LambdaAuthorizerEvent.httpApiVersion1(context, exchange.getRequest(), routeArn, identity);
		return this.invoker.get()
			.invoke(this.function, event, this.timeout)
			.flatMap((response) -> {
				if (response.failed()) {
					logger.info("Authorizer " + this.authorizer.authorizerId() + " function failed ("
							+ response.functionError() + ")");
					return Mono.just(AuthorizationResult.Error.CONFIGURATION);
				}
				LambdaAuthorizerResult result;
				try {
					result = LambdaAuthorizerResult.parseHttpApi(response.payload(), this.simpleResponses);
				}
				catch (IllegalArgumentException ex) {
					logger.info("Authorizer " + this.authorizer.authorizerId() + " answered an unusable result: "
							+ ex.getMessage());
					return Mono.just(AuthorizationResult.Error.CONFIGURATION);
				}
				AuthorizationResult decision = decide(exchange, context, result, routeArn, false);
				return caching ? this.cache.put(key, result, this.ttl).thenReturn(decision) : Mono.just(decision);
			})
			.onErrorResume((ex) -> {
				logger.info("Authorizer " + this.authorizer.authorizerId() + " could not be invoked: " + ex);
				return Mono.just(AuthorizationResult.Error.CONFIGURATION);
			});
	}

	private static AuthorizationResult decide(ServerWebExchange exchange, RequestContext context,
			LambdaAuthorizerResult result, String routeArn, boolean cached) {
		PolicyDecision decision = result.policy().evaluate(PolicyRequest.of("execute-api:Invoke", routeArn));
		if (!decision.allowed()) {
			return new AuthorizationResult.Deny(GatewayResponseType.ACCESS_DENIED, "Forbidden", null, cached);
		}
		AuthorizerOutput output = new AuthorizerOutput(result.principalId().isEmpty() ? null : result.principalId(),
				result.context(), java.util.Map.of(), null, new PolicyPermissions(List.of(result.policy())));
		return new AuthorizationResult.Allow(exchange, context.withAuthorizer(output), cached);
	}

	@Override
	public String toString() {
		return "HttpApiLambdaAuthorizer[" + this.authorizer.authorizerId() + ", function=" + this.function
				+ ", payloadFormatVersion=" + (this.version2 ? "2.0" : "1.0") + ", simpleResponses="
				+ this.simpleResponses + ", ttl=" + this.ttl + "]";
	}

}
