package io.tollgate.pipeline;

import org.springframework.web.server.ServerWebExchange;

/**
 * Told when a data-plane exchange has ended, its response written (gateway responses included): the request meters
 * and the access log. All of them are called by one web filter around the whole gateway, which times the exchange
 * once for all.
 */
public interface ExchangeCompletionListener {

	/**
	 * @param status the status the client got (500 for an error nothing rendered)
	 * @param nanos from the request's arrival to the end of its response
	 */
	void completed(ServerWebExchange exchange, int status, long nanos);

}
