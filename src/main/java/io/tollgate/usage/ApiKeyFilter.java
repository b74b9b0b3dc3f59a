package io.tollgate.usage;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.model.ApiKeySource;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.PipelineOrder;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.GatewayToStringStyler;
import org.springframework.web.server.ServerWebExchange;

/**
 * The API key step of a method with {@code apiKeyRequired}: takes the key from {@code x-api-key} (key source
 * {@code HEADER}) or from the Lambda authorizer's {@code usageIdentifierKey} ({@code AUTHORIZER}), and admits the
 * request when the key exists, is enabled and is in a usage plan of the stage. Anything else is AWS's
 * {@code 403 {"message":"Forbidden"}} ({@code INVALID_API_KEY}). An admitted request carries the key in
 * {@code $context.identity.apiKey}/{@code apiKeyId} and its {@link KeyAdmission} for the throttle and quota step.
 */
public final class ApiKeyFilter implements PipelineStep {

	/** The header of key source {@code HEADER}; HTTP header names are case-insensitive. */
	public static final String API_KEY_HEADER = "x-api-key";

	private final ApiKeySource source;

	private final ApiKeyIndex index;

	public ApiKeyFilter(ApiKeySource source, ApiKeyIndex index) {
		this.source = source;
		this.index = index;
	}

	@Override
	public int getOrder() {
		return PipelineOrder.API_KEY;
	}

	@Override
	public boolean runsInTestInvoke() {
		return false;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		RequestContext context = RequestContext.require(exchange);
		String value = (this.source == ApiKeySource.AUTHORIZER) ? context.authorizer().usageIdentifierKey()
				: exchange.getRequest().getHeaders().getFirst(API_KEY_HEADER);
		if (value == null || value.isEmpty()) {
			return forbidden();
		}
		KeyAdmission admission = this.index.admit(value, context.apiId(), context.stage());
		if (admission == null) {
			return forbidden();
		}
		RequestContext.update(exchange, context.withIdentity(context.identity().withApiKey(value, admission.keyId())));
		exchange.getAttributes().put(ExchangeAttributes.KEY_ADMISSION, admission);
		return chain.filter(exchange);
	}

	private static Mono<Void> forbidden() {
		return Mono.error(new GatewayResponseException(GatewayResponseType.INVALID_API_KEY));
	}

	@Override
	public String toString() {
		return GatewayToStringStyler.filterToStringCreator(this).append("source", this.source).toString();
	}

}
