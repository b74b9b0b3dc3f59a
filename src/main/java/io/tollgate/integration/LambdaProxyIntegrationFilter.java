package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.tollgate.pipeline.RequestBodies;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.function.FunctionInvoker;
import io.tollgate.function.FunctionResponse;
import io.tollgate.model.Integration;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.response.HeaderValues;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * An {@code AWS_PROXY} integration: sends the request to a Lambda function as API Gateway's proxy event
 * (payload format 1.0) and answers with the function's {@code {statusCode, headers, multiValueHeaders, body,
 * isBase64Encoded}}. A function error or a malformed result is AWS's 502 {@code {"message":"Internal server
 * error"}}; an invocation outlasting the integration timeout is 504 {@code {"message":"Endpoint request timed
 * out"}}.
 */
final class LambdaProxyIntegrationFilter extends IntegrationFilter {

	static final int BAD_GATEWAY = 502;

	private static final Log logger = LogFactory.getLog(LambdaProxyIntegrationFilter.class);

	private final LambdaInvocation invocation;

	private final BinaryMediaTypes binaryMediaTypes;

	private final IntegrationParameters parameters;

	LambdaProxyIntegrationFilter(Integration integration, BinaryMediaTypes binaryMediaTypes,
			ObjectProvider<FunctionInvoker> invoker) {
		this.invocation = new LambdaInvocation(integration, invoker);
		this.parameters = new IntegrationParameters(integration);
		this.binaryMediaTypes = binaryMediaTypes;
	}

	@Override
	Mono<Void> integrate(ServerWebExchange exchange, RequestContext context) {
		ServerHttpRequest request = exchange.getRequest();
		this.parameters.checkRestrictedHeaders();
		Mono<byte[]> event = RequestBodies.read(request)
			.map((body) -> ProxyEvent.of(context, request, body, this.binaryMediaTypes.matchesContentType(request)));
		return this.invocation.invoke(context, event).flatMap((result) -> respond(exchange, context, result));
	}

	private Mono<Void> respond(ServerWebExchange exchange, RequestContext context, FunctionResponse result) {
		ProxyResponse proxied = result.failed() ? null : ProxyResponse.parse(result.payload());
		if (proxied == null) {
			logger.info("Request " + context.requestId() + ": Execution failed due to configuration error: "
					+ (result.failed() ? "Lambda function error" : "Malformed Lambda proxy response"));
			return Mono.error(new GatewayResponseException(GatewayResponseType.DEFAULT_5XX,
					"Internal server error", BAD_GATEWAY));
		}
		byte[] body;
		if (proxied.base64Encoded() && this.binaryMediaTypes.matchesAccept(exchange.getRequest())) {
			try {
				body = Base64.getMimeDecoder().decode(proxied.body());
			}
			catch (IllegalArgumentException ex) {
				// AWS: 500, not the 502 of a malformed response.
				logger.info("Request " + context.requestId() + ": Execution failed due to configuration error: "
						+ "Unable to base64 decode the body");
				return Mono.error(new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR));
			}
		}
		else {
			body = proxied.body().getBytes(StandardCharsets.UTF_8);
		}
		ServerHttpResponse response = exchange.getResponse();
		HttpHeaders headers = response.getHeaders();
		proxied.headers()
			.forEach((name, values) -> HeaderValues.setResponseHeader(headers, name, String.join(", ", values)));
		ResponseHeaders.remapGatewayOwned(headers);
		if (headers.getContentType() == null) {
			headers.setContentType(MediaType.APPLICATION_JSON);
		}
		TraceIds.addTo(headers, TraceIds.of(exchange.getRequest()));
		return MethodResponses.write(response, proxied.statusCode(), body);
	}

	@Override
	public String toString() {
		return filterToStringCreator(this).append("type", "AWS_PROXY")
			.append("uri", this.invocation.target())
			.append("timeout", this.invocation.timeout())
			.toString();
	}

}
