package io.tollgate.function;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import org.jspecify.annotations.Nullable;
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

	private static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

	private final LambdaAsyncClient client;

	private final @Nullable EventLoopGroup eventLoops;

	/** On a client that owns its event loops, and closes them. */
	public LambdaFunctionInvoker(LambdaAsyncClient client) {
		this(client, null);
	}

	/**
	 * @param client the client
	 * @param eventLoops the event loops given to the client's HTTP client, which the client does not close: closed
	 * here, after it
	 */
	public LambdaFunctionInvoker(LambdaAsyncClient client, @Nullable EventLoopGroup eventLoops) {
		this.client = client;
		this.eventLoops = eventLoops;
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
		EventLoopGroup loops = this.eventLoops;
		if (loops != null) {
			// No quiet period: the client's connections are closed, so no task can come. The SDK closing loops of its
			// own waits out Netty's 2 s quiet period, at every close of an application context.
			loops.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
				.awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
	}

}
