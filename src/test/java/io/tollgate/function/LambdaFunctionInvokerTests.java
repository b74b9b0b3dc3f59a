package io.tollgate.function;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tollgate.test.TestLambdaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaFunctionInvokerTests {

	@RegisterExtension
	static final TestLambdaServer lambda = new TestLambdaServer();

	private static LambdaFunctionInvoker invoker;

	@BeforeAll
	static void createInvoker() {
		invoker = new LambdaFunctionInvoker(LambdaAsyncClient.builder()
			.endpointOverride(lambda.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
			.overrideConfiguration((override) -> override.retryStrategy(AwsRetryStrategy.doNotRetry()))
			.build());
	}

	@AfterAll
	static void closeInvoker() {
		invoker.close();
	}

	@Test
	void invokesTheFunctionWithTheEventAndReturnsItsResult() {
		lambda.register("echo", (event) -> Map.of("got", event.get("name").asString()));
		StepVerifier.create(invoker.invoke("arn:aws:lambda:us-east-1:000000000000:function:echo",
				"{\"name\":\"tollgate\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)))
			.assertNext((response) -> {
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.failed()).isFalse();
				assertThat(response.payloadAsString()).isEqualTo("{\"got\":\"tollgate\"}");
			})
			.verifyComplete();
		assertThat(lambda.invocations("echo")).isEqualTo(1);
	}

	@Test
	void aFunctionErrorIsAResponseCarryingTheError() {
		lambda.register("failing", (event) -> {
			throw new IllegalStateException("boom");
		});
		StepVerifier.create(invoker.invoke("failing", "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)))
			.assertNext((response) -> {
				assertThat(response.functionError()).isEqualTo("Unhandled");
				assertThat(response.payloadAsString()).contains("\"errorMessage\":\"boom\"");
			})
			.verifyComplete();
	}

	@Test
	void aSlowFunctionTimesOutOnceAndIsNotRetried() {
		// The function answers only after the test, so a timer late under load still sees it unanswered.
		CountDownLatch answer = new CountDownLatch(1);
		lambda.register("slow", (event) -> {
			answer.await(10, TimeUnit.SECONDS);
			return "late";
		});
		try {
			StepVerifier.create(invoker.invoke("slow", "{}".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(200)))
				.expectError(FunctionTimeoutException.class)
				.verify(Duration.ofSeconds(5));
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> lambda.invocations("slow") > 0);
			assertThat(lambda.invocations("slow")).isEqualTo(1);
		}
		finally {
			answer.countDown();
		}
	}

	@Test
	void anUnknownFunctionIsAnInvocationFailureWithTheServiceStatus() {
		StepVerifier.create(invoker.invoke("missing", "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(FunctionInvocationException.class)
				.extracting((error) -> ((FunctionInvocationException) error).statusCode())
				.isEqualTo(404))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void functionUriNamesTheFunctionOfAnApiGatewayLambdaUri() {
		assertThat(FunctionUri.functionOf(TestLambdaServer.invocationUri("auth")))
			.isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:auth");
		assertThat(FunctionUri.functionOf("https://example.com")).isNull();
	}

}
