package io.tollgate.integration;

import io.tollgate.pipeline.RequestContext;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/** An HTTP API integration's response parameter mappings, applied to the complete backend response. */
record HttpApiResponseMapping(HttpApiParameters parameters) implements BufferedProxyResponse.ResponseMapping {

	@Override
	public int apply(ServerWebExchange exchange, int status, HttpHeaders headers, byte[] body) {
		RequestContext context = RequestContext.require(exchange);
		return this.parameters.applyToResponse(status,
				new HttpApiParameters.RequestValues(context, exchange.getRequest(), context.resourcePath(), null),
				headers, body);
	}

	@Override
	public boolean maps(int status) {
		return this.parameters.mapsResponse(status);
	}

}
