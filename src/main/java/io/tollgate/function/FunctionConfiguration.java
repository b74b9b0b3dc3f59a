package io.tollgate.function;

import java.time.Duration;

import io.tollgate.config.TollgateProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaAsyncClientBuilder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** Wires the {@link FunctionInvoker}: the Lambda async client from {@code tollgate.lambda.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FunctionProperties.class)
public class FunctionConfiguration {

	/** Lazy: an API without functions never builds the client (nor looks up AWS credentials). */
	@Bean(destroyMethod = "close")
	@Lazy
	LambdaFunctionInvoker functionInvoker(FunctionProperties properties, TollgateProperties tollgate) {
		// Event loops the invoker closes: it does so without the quiet period the SDK would wait on closing its own.
		SdkEventLoopGroup eventLoops = SdkEventLoopGroup.builder().build();
		LambdaAsyncClientBuilder builder = LambdaAsyncClient.builder()
			.region(Region.of((properties.region() != null) ? properties.region() : tollgate.region()))
			.credentialsProvider(credentials(properties))
			.httpClientBuilder(NettyNioAsyncHttpClient.builder()
				.eventLoopGroup(eventLoops)
				.connectionTimeout(properties.connectTimeout())
				.maxConcurrency(properties.maxConcurrency())
				.connectionAcquisitionTimeout(Duration.ofSeconds(30)))
			.overrideConfiguration((override) -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
		if (properties.endpoint() != null) {
			builder.endpointOverride(properties.endpoint());
		}
		return new LambdaFunctionInvoker(builder.build(), eventLoops.eventLoopGroup());
	}

	private static AwsCredentialsProvider credentials(FunctionProperties properties) {
		if (!properties.staticCredentials()) {
			return DefaultCredentialsProvider.builder().build();
		}
		return StaticCredentialsProvider.create((properties.sessionToken() != null)
				? AwsSessionCredentials.create(properties.accessKeyId(), properties.secretAccessKey(),
						properties.sessionToken())
				: AwsBasicCredentials.create(properties.accessKeyId(), properties.secretAccessKey()));
	}

}
