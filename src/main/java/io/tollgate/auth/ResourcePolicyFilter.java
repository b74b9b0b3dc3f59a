package io.tollgate.auth;

import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.policy.PolicyDecision;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.PipelineOrder;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.GatewayToStringStyler;
import org.springframework.web.server.ServerWebExchange;

/**
 * The API's resource policy, before any authentication, for methods that are not {@code AWS_IAM} (an IAM method's
 * authorizer evaluates the resource policy together with the caller's own policies). The caller is anonymous
 * here: only statements for principal {@code *} can allow it. Anything but an allow is 403
 * {@code {"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: ..."}}.
 */
public final class ResourcePolicyFilter implements PipelineStep {

	private final ResourcePolicy policy;

	private final String region;

	public ResourcePolicyFilter(ResourcePolicy policy, String region) {
		this.policy = policy;
		this.region = region;
	}

	@Override
	public int getOrder() {
		return PipelineOrder.RESOURCE_POLICY;
	}

	@Override
	public boolean runsInTestInvoke() {
		return false;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		RequestContext context = RequestContext.require(exchange);
		String methodArn = context.methodArn(this.region);
		PolicyDecision decision = this.policy.evaluate(exchange.getRequest(), context, methodArn, null);
		if (decision.allowed()) {
			return chain.filter(exchange);
		}
		return Mono.error(new GatewayResponseException(GatewayResponseType.ACCESS_DENIED,
				AccessDeniedMessages.notAuthorized(null, methodArn, decision == PolicyDecision.EXPLICIT_DENY)));
	}

	@Override
	public String toString() {
		return GatewayToStringStyler.filterToStringCreator(this).append("policy", this.policy).toString();
	}

}
