package io.tollgate.integration;

import java.nio.charset.StandardCharsets;

import io.tollgate.pipeline.RequestContext;
import io.tollgate.function.FunctionInvoker;
import io.tollgate.function.FunctionResponse;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.model.Integration;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
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
final class LambdaIntegrationFilter extends IntegrationFilter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final byte[] EMPTY_EVENT = "{}".getBytes(StandardCharsets.UTF_8);

	private final Integration integration;

	private final LambdaInvocation invocation;

	private final IntegrationRequestMapping requestMapping;

	private final IntegrationResponseMapping responseMapping;

	LambdaIntegrationFilter(Integration integration, BinaryMediaTypes binaryMediaTypes,
			ObjectProvider<FunctionInvoker> invoker, MappingTemplateEngine templates) {
		this.integration = integration;
		this.invocation = new LambdaInvocation(integration, invoker);
		this.requestMapping = new IntegrationRequestMapping(integration, binaryMediaTypes, templates);
		this.responseMapping = new IntegrationResponseMapping(integration, binaryMediaTypes, templates);
	}

	/** Whether an AWS integration URI names a Lambda function; other AWS services are not supported. */
	static boolean supports(Integration integration) {
		return new FunctionTarget(String.valueOf(integration.uri())).isLambda();
	}

	@Override
	Mono<Void> integrate(ServerWebExchange exchange, RequestContext context) {
		ServerHttpRequest request = exchange.getRequest();
		return this.requestMapping.map(context, request)
			.flatMap((mapped) -> this.invocation
				.invoke(context, Mono.just((mapped.body().length > 0) ? mapped.body() : EMPTY_EVENT))
				.flatMap((result) -> this.responseMapping.write(exchange, context,
						backendResult(result, TraceIds.of(request)), mapped.overrides())));
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
			.append("uri", this.invocation.target())
			.append("integrationResponses", this.integration.integrationResponses().keySet())
			.toString();
	}

}
