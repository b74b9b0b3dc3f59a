package io.tollgate.integration;

import java.time.Duration;

import io.tollgate.pipeline.RequestBodies;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.function.FunctionInvocationException;
import io.tollgate.function.FunctionInvoker;
import io.tollgate.function.FunctionResponse;
import io.tollgate.function.FunctionTimeoutException;
import io.tollgate.model.Integration;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The Lambda call of an {@code AWS} or {@code AWS_PROXY} integration: the function its URI names (stage variables
 * resolved), invoked within the integration timeout. A timeout is {@code INTEGRATION_TIMEOUT}; a failed invocation,
 * an unresolvable function or a verb other than POST is {@code INTEGRATION_FAILURE}, a result over the payload limit
 * {@code API_CONFIGURATION_ERROR}.
 */
final class LambdaInvocation {

	private static final Log logger = LogFactory.getLog(LambdaInvocation.class);

	private final FunctionTarget target;

	private final boolean post;

	private final Duration timeout;

	private final ObjectProvider<FunctionInvoker> invoker;

	LambdaInvocation(Integration integration, ObjectProvider<FunctionInvoker> invoker) {
		this(String.valueOf(integration.uri()), "POST".equals(integration.httpMethod()),
				Duration.ofMillis(integration.timeoutInMillis()), invoker);
	}

	/** An HTTP API's Lambda call: always a POST. */
	LambdaInvocation(String uri, Duration timeout, ObjectProvider<FunctionInvoker> invoker) {
		this(uri, true, timeout, invoker);
	}

	private LambdaInvocation(String uri, boolean post, Duration timeout, ObjectProvider<FunctionInvoker> invoker) {
		this.target = new FunctionTarget(uri);
		this.post = post;
		this.timeout = timeout;
		this.invoker = invoker;
	}

	/** Invokes the function with the event; the event is not built when the function cannot be called. */
	Mono<FunctionResponse> invoke(RequestContext context, Mono<byte[]> event) {
		// AWS invokes Lambda only with POST; another integration verb fails every call.
		String function = this.post ? this.target.function(context.stageVariables()) : null;
		if (function == null) {
			return Mono.error(new GatewayResponseException(GatewayResponseType.INTEGRATION_FAILURE));
		}
		return event.flatMap((payload) -> this.invoker.getObject().invoke(function, payload, this.timeout))
			.map((response) -> {
				// Lambda itself answers at most 6 MB; an endpoint standing in for it is held to AWS's payload limit.
				if (response.payload().length > RequestBodies.MAX_BODY_BYTES) {
					throw new GatewayResponseException(GatewayResponseType.API_CONFIGURATION_ERROR);
				}
				return response;
			})
			.onErrorMap(FunctionTimeoutException.class,
					(ex) -> new GatewayResponseException(GatewayResponseType.INTEGRATION_TIMEOUT))
			.onErrorMap(FunctionInvocationException.class, (ex) -> {
				logger.info("Request " + context.requestId() + ": " + ex.getMessage());
				return new GatewayResponseException(GatewayResponseType.INTEGRATION_FAILURE);
			});
	}

	FunctionTarget target() {
		return this.target;
	}

	Duration timeout() {
		return this.timeout;
	}

}
