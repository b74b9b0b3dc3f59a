package io.tollgate.auth;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.metrics.MeterNames;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.PipelineOrder;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.GatewayToStringStyler;
import org.springframework.web.server.ServerWebExchange;

/**
 * The method's authorizer step: asks its {@link RequestAuthorizer}, counts the decision, and either continues with
 * the caller's identity in the request context or ends the request with the decision's gateway response.
 */
public final class AuthorizerFilter implements PipelineStep {

	private final RequestAuthorizer authorizer;

	private final Map<Outcome, Counter[]> decisions = new EnumMap<>(Outcome.class);

	private enum Outcome {

		ALLOW, DENY, UNAUTHORIZED, ERROR

	}

	public AuthorizerFilter(RequestAuthorizer authorizer, String apiId, MeterRegistry meters) {
		this.authorizer = authorizer;
		for (Outcome outcome : Outcome.values()) {
			Counter[] byCached = new Counter[2];
			for (int cached = 0; cached < 2; cached++) {
				byCached[cached] = Counter.builder(MeterNames.AUTHORIZER_DECISIONS)
					.description("Authorizer decisions")
					.tag(MeterNames.TAG_API_ID, apiId)
					.tag(MeterNames.TAG_AUTHORIZER_TYPE, authorizer.type())
					.tag(MeterNames.TAG_OUTCOME, outcome.name().toLowerCase(Locale.ROOT))
					.tag(MeterNames.TAG_CACHED, Boolean.toString(cached == 1))
					.register(meters);
			}
			this.decisions.put(outcome, byCached);
		}
	}

	@Override
	public int getOrder() {
		return PipelineOrder.AUTHORIZER;
	}

	@Override
	public boolean runsInTestInvoke() {
		return false;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		RequestContext context = RequestContext.require(exchange);
		return this.authorizer.authorize(exchange, context).flatMap((result) -> {
			count(result);
			if (result instanceof AuthorizationResult.Allow allow) {
				RequestContext.update(allow.exchange(), allow.context());
				return chain.filter(allow.exchange());
			}
			if (result instanceof AuthorizationResult.Deny deny) {
				return Mono.error(new GatewayResponseException(deny.type(), deny.message(), null, deny.errorType()));
			}
			if (result instanceof AuthorizationResult.Unauthorized unauthorized) {
				return Mono.error(new GatewayResponseException(GatewayResponseType.UNAUTHORIZED,
						unauthorized.message(), null, null, unauthorized.headers()));
			}
			AuthorizationResult.Error error = (AuthorizationResult.Error) result;
			return Mono.error(new GatewayResponseException(error.type(), error.message()));
		});
	}

	private void count(AuthorizationResult result) {
		Outcome outcome = Outcome.valueOf(result.outcome().toUpperCase(Locale.ROOT));
		this.decisions.get(outcome)[result.cached() ? 1 : 0].increment();
	}

	@Override
	public String toString() {
		return GatewayToStringStyler.filterToStringCreator(this).append("authorizer", this.authorizer).toString();
	}

}
