package io.tollgate.usage;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tollgate.TollgateApplication;
import io.tollgate.admin.AdminServer;
import io.tollgate.redis.SharedRedis;
import io.tollgate.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.CreateApiKeyResponse;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The usage store is chosen as the API store is: Redis when {@code tollgate.redis.url} is set, embedded otherwise. */
class UsageConfigurationTests {

	private static final String PREFIX = "usage-config-test:";

	@RegisterExtension
	static TestRedis redis = new TestRedis();

	@TempDir
	Path dataDir;

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void withARedisUrlKeysAreStoredInRedisThroughTheSharedClient() {
		this.context = start("--tollgate.redis.url=" + redis.url(), "--tollgate.redis.key-prefix=" + PREFIX);
		assertThat(this.context.getBean(UsageStore.class)).isInstanceOf(RedisUsageStore.class);
		assertThat(this.context.getBeansOfType(SharedRedis.class)).containsOnlyKeys("tollgateRedisClient");
		CreateApiKeyResponse created = createKeyThroughTheAwsSdk();
		RedisClient client = RedisClient.create(redis.url());
		try (StatefulRedisConnection<String, String> raw = client.connect()) {
			assertThat(raw.sync().hget(PREFIX + "api-key-values", created.value())).isEqualTo(created.id());
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void withoutARedisUrlKeysAreFilesInTheDataDirectory() {
		this.context = start();
		assertThat(this.context.getBean(UsageStore.class)).isInstanceOf(EmbeddedUsageStore.class);
		CreateApiKeyResponse created = createKeyThroughTheAwsSdk();
		assertThat(Files.exists(this.dataDir.resolve("usage/api-keys/" + created.id() + ".json"))).isTrue();
	}

	private ConfigurableApplicationContext start(String... more) {
		String[] args = { "--server.port=0", "--management.server.port=0", "--tollgate.admin.port=0",
				"--tollgate.admin.auth-enabled=false", "--tollgate.data-dir=" + this.dataDir };
		String[] all = Stream.concat(Arrays.stream(args), Arrays.stream(more))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(TollgateApplication.class).run(all);
	}

	private CreateApiKeyResponse createKeyThroughTheAwsSdk() {
		int port = this.context.getBean(AdminServer.class).port();
		try (ApiGatewayClient client = ApiGatewayClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
			.httpClient(ApacheHttpClient.create())
			.build()) {
			return client.createApiKey((r) -> r.name("configured").enabled(true));
		}
	}

}
