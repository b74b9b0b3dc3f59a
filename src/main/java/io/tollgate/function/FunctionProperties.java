package io.tollgate.function;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where functions run, under {@code tollgate.lambda.*}: real AWS Lambda (no endpoint, the SDK's default credentials),
 * or anything speaking the Invoke API (the runtime interface emulator, {@code sam local start-lambda}, LocalStack).
 *
 * @param endpoint the Invoke API's base URL; unset means AWS's regional endpoint
 * @param region the region of the Lambda client; unset means {@code tollgate.region}
 * @param accessKeyId static credentials; unset means the SDK's default credentials chain
 * @param secretAccessKey their secret
 * @param sessionToken optional session token for temporary credentials
 * @param connectTimeout bound on opening a connection to the endpoint
 * @param maxConcurrency the most invocations in flight at once
 */
@ConfigurationProperties("tollgate.lambda")
public record FunctionProperties(@Nullable URI endpoint, @Nullable String region, @Nullable String accessKeyId,
		@Nullable String secretAccessKey, @Nullable String sessionToken, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("1000") int maxConcurrency) {

	public boolean staticCredentials() {
		return this.accessKeyId != null && !this.accessKeyId.isBlank() && this.secretAccessKey != null
				&& !this.secretAccessKey.isBlank();
	}

	@Override
	public String toString() {
		// Never print the secret or the token.
		return "FunctionProperties[endpoint=" + this.endpoint + ", region=" + this.region + ", accessKeyId="
				+ this.accessKeyId + "]";
	}

}
