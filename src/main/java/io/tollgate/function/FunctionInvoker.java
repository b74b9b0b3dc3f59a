package io.tollgate.function;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Invokes a function synchronously (invocation type {@code RequestResponse}), as API Gateway does for authorizers and
 * Lambda integrations. Fails with {@link FunctionTimeoutException} when the call outlasts {@code timeout} and with
 * {@link FunctionInvocationException} when the Invoke API itself fails; a function that ran and raised an error is
 * a normal {@link FunctionResponse} carrying {@code functionError}.
 */
public interface FunctionInvoker {

	/**
	 * @param function a function name, name with qualifier, or function ARN, as the Invoke API accepts it
	 * @param payload the event, as JSON bytes
	 * @param timeout bound on the whole call
	 */
	Mono<FunctionResponse> invoke(String function, byte[] payload, Duration timeout);

}
