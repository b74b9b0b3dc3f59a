package io.tollgate.response;

import java.net.ConnectException;
import java.net.UnknownHostException;

import io.netty.channel.ConnectTimeoutException;
import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.PipelineOrder;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.pipeline.RequestIds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The outermost step of every routed request: stamps AWS's standard headers ({@code x-amzn-RequestId},
 * {@code x-amz-apigw-id}, {@code Date}) on the response, and turns every failure of the pipeline into AWS's gateway response,
 * never a stack trace. The single place where errors are rendered.
 */
public final class GatewayResponseFilter implements GlobalFilter, Ordered {

	public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

	public static final String EXTENDED_REQUEST_ID_HEADER = "x-amz-apigw-id";

	/** Before everything, so that it sees every error of the chain. */
	public static final int ORDER = PipelineOrder.GATEWAY_RESPONSE;

	private static final Log logger = LogFactory.getLog(GatewayResponseFilter.class);

	private final GatewayResponseRenderer renderer;

	public GatewayResponseFilter(GatewayResponseRenderer renderer) {
		this.renderer = renderer;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		String httpApiRequestId = exchange.getAttribute(ExchangeAttributes.HTTP_API_REQUEST_ID);
		if (httpApiRequestId != null) {
			return filterHttpApi(exchange, chain, httpApiRequestId);
		}
		RequestContext context = RequestContext.find(exchange);
		String requestId = (context != null) ? context.requestId() : RequestIds.requestId();
		String extendedRequestId = (context != null) ? context.extendedRequestId() : RequestIds.extendedRequestId();
		ServerWebExchange stamped = exchange.mutate()
			.response(new StampedResponse(exchange.getResponse(), (headers) -> {
				headers.set(REQUEST_ID_HEADER, requestId);
				headers.set(EXTENDED_REQUEST_ID_HEADER, extendedRequestId);
				stampDate(headers);
			}))
			.build();
		return chain.filter(stamped).onErrorResume((ex) -> render(stamped, ex, requestId));
	}

	/** An HTTP API's envelope: {@code apigw-requestid} alone, and its own error table. */
	private Mono<Void> filterHttpApi(ServerWebExchange exchange, GatewayFilterChain chain, String requestId) {
		ServerWebExchange stamped = exchange.mutate()
			.response(new StampedResponse(exchange.getResponse(), (headers) -> {
				headers.set(HttpApiErrors.REQUEST_ID_HEADER, requestId);
				stampDate(headers);
			}))
			.build();
		ServerHttpResponse response = stamped.getResponse();
		return chain.filter(stamped).onErrorResume((ex) -> {
			if (response.isCommitted()) {
				logger.warn("Request " + requestId + " failed after its response started: " + ex);
				return Mono.error(ex);
			}
			return HttpApiErrors.render(stamped, asGatewayResponse(ex, requestId));
		});
	}

	private static void stampDate(HttpHeaders headers) {
		if (!headers.containsHeader(HttpHeaders.DATE)) {
			headers.set(HttpHeaders.DATE, HttpDate.now());
		}
	}

	private Mono<Void> render(ServerWebExchange exchange, Throwable error, String requestId) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			// Part of the response is on the wire already; nothing can be said to the client any more.
			logger.warn("Request " + requestId + " failed after its response started: " + error);
			return Mono.error(error);
		}
		GatewayResponseException gatewayResponse = asGatewayResponse(error, requestId);
		return this.renderer.render(exchange, gatewayResponse);
	}

	static GatewayResponseException asGatewayResponse(Throwable error, String requestId) {
		if (error instanceof GatewayResponseException gatewayResponse) {
			return gatewayResponse;
		}
		if (error instanceof ResponseStatusException status
				&& status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
			logger.info("Request " + requestId + ": integration timed out");
			return new GatewayResponseException(GatewayResponseType.INTEGRATION_TIMEOUT);
		}
		if (isBackendFailure(error)) {
			logger.info("Request " + requestId + ": integration failed: " + error);
			return new GatewayResponseException(GatewayResponseType.INTEGRATION_FAILURE);
		}
		logger.error("Request " + requestId + " failed", error);
		return new GatewayResponseException(GatewayResponseType.DEFAULT_5XX);
	}

	private static boolean isBackendFailure(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
					|| cause instanceof UnknownHostException || cause instanceof PrematureCloseException
					|| cause instanceof AbortedException) {
				return true;
			}
		}
		return false;
	}

}
