package io.tollgate.function;

import java.time.Duration;

import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;

/**
 * The {@link FunctionInvoker} on the Lambda Invoke API, through the AWS SDK's async client: no thread waits on a
 * function. The client never retries (API Gateway does not: a retried invocation would run the function twice).
 */
public final class LambdaFunctionInvoker implements FunctionInvoker, AutoCloseable {

	private final LambdaAsyncClient client;

	public LambdaFunctionInvoker(LambdaAsyncClient client) {
		this.client = client;
	}

	@Override
	public Mono<FunctionResponse> invoke(String function, byte[] payload, Duration timeout) {
		InvokeRequest request = InvokeRequest.builder()
			.functionName(function)
			.invocationType(InvocationType.REQUEST_RESPONSE)
			.payload(SdkBytes.fromByteArrayUnsafe(payload))
			.overrideConfiguration((override) -> override.apiCallTimeout(timeout))
			.build();
		return Mono.fromFuture(() -> this.client.invoke(request), true)
			.map((response) -> new FunctionResponse(response.statusCode(), response.functionError(),
					(response.payload() != null) ? response.payload().asByteArrayUnsafe() : new byte[0]))
			.onErrorMap(SdkException.class, (ex) -> translate(function, timeout, ex));
	}

	private static RuntimeException translate(String function, Duration timeout, SdkException ex) {
		if (ex instanceof ApiCallTimeoutException || ex instanceof ApiCallAttemptTimeoutException) {
			return new FunctionTimeoutException(function, timeout, ex);
		}
		int status = (ex instanceof SdkServiceException service) ? service.statusCode() : 0;
		return new FunctionInvocationException("Invocation of " + function + " failed: " + ex.getMessage(), status,
				ex);
	}

	@Override
	public void close() {
		this.client.close();
	}

}
