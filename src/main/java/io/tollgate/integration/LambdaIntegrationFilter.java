package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.tollgate.context.RequestContext;
import io.tollgate.function.FunctionInvocationException;
import io.tollgate.function.FunctionInvoker;
import io.tollgate.function.FunctionResponse;
import io.tollgate.function.FunctionTimeoutException;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.model.Integration;
import io.tollgate.response.GatewayResponseException;
import io.tollgate.response.GatewayResponseType;
import io.tollgate.routing.PipelineOrder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * An {@code AWS} (non-proxy) integration with Lambda: the mapped request (the request template's output, or the
 * body passed through) is the function's event, and its result goes through the integration responses, whose
 * {@code selectionPattern} is matched against the {@code errorMessage} of a failed function (an empty string when it
 * succeeded). An unmapped error answers the default response with Lambda's error object, as AWS does.
 */
final class LambdaIntegrationFilter implements GatewayFilter, Ordered {

	private static final Log logger = LogFactory.getLog(LambdaIntegrationFilter.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final byte[] EMPTY_EVENT = "{}".getBytes(StandardCharsets.UTF_8);

	private final Integration integration;

	private final FunctionTarget target;

	private final boolean post;

	private final Duration timeout;

	private final IntegrationRequestMapping requestMapping;

	private final IntegrationResponseMapping responseMapping;

	private final BinaryMediaTypes binaryMediaTypes;

	private final ObjectProvider<FunctionInvoker> invoker;

	private final MappingTemplateEngine templates;

	LambdaIntegrationFilter(Integration integration, BinaryMediaTypes binaryMediaTypes,
			ObjectProvider<FunctionInvoker> invoker, MappingTemplateEngine templates) {
		this.integration = integration;
		this.target = new FunctionTarget(String.valueOf(integration.uri()));
		this.post = "POST".equals(integration.httpMethod());
		this.timeout = Duration.ofMillis(integration.timeoutInMillis());
		this.requestMapping = new IntegrationRequestMapping(integration);
		this.responseMapping = new IntegrationResponseMapping(integration, binaryMediaTypes);
		this.binaryMediaTypes = binaryMediaTypes;
		this.invoker = invoker;
		this.templates = templates;
	}

	/** Whether an AWS integration URI names a Lambda function; other AWS services are not supported. */
	static boolean supports(Integration integration) {
		return new FunctionTarget(String.valueOf(integration.uri())).isLambda();
	}

	@Override
	public int getOrder() {
		return PipelineOrder.INTEGRATION;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		RequestContext context = RequestContext.require(exchange);
		String function = this.post ? this.target.function(context.stageVariables()) : null;
		if (function == null) {
			return Mono.error(new GatewayResponseException(GatewayResponseType.INTEGRATION_FAILURE));
		}
		ServerHttpRequest request = exchange.getRequest();
		return RequestBodies.read(request).flatMap((body) -> {
			IntegrationRequestMapping.MappedRequest mapped = this.requestMapping.map(context, request, body,
					this.binaryMediaTypes.matchesContentType(request), this.templates);
			byte[] event = (mapped.body().length > 0) ? mapped.body() : EMPTY_EVENT;
			return this.invoker.getObject()
				.invoke(function, event, this.timeout)
				.onErrorMap(FunctionTimeoutException.class,
						(ex) -> new GatewayResponseException(GatewayResponseType.INTEGRATION_TIMEOUT))
				.onErrorMap(FunctionInvocationException.class, (ex) -> {
					logger.info("Request " + context.requestId() + ": " + ex.getMessage());
					return new GatewayResponseException(GatewayResponseType.INTEGRATION_FAILURE);
				})
				.flatMap((result) -> this.responseMapping.write(exchange, context,
						backendResult(result, TraceIds.of(request)), this.templates));
		});
	}

	private static IntegrationResponseMapping.BackendResult backendResult(FunctionResponse result, String traceId) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
		return new IntegrationResponseMapping.BackendResult(200, headers, result.payload(),
				result.failed() ? errorMessage(result) : "", traceId);
	}

	/** The {@code errorMessage} of a failed function's error object (the whole payload if it has none). */
	private static String errorMessage(FunctionResponse result) {
		try {
			JsonNode error = JSON.readTree(result.payload());
			JsonNode message = (error != null) ? error.get("errorMessage") : null;
			if (message != null && !message.isNull()) {
				return message.isString() ? message.asString() : message.toString();
			}
		}
		catch (JacksonException ex) {
			// not JSON: match against the text itself
		}
		return result.payloadAsString();
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("type", "AWS")
			.append("uri", this.target)
			.append("integrationResponses", this.integration.integrationResponses().keySet())
			.toString();
	}

}
