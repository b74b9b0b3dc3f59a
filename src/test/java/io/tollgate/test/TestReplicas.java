package io.tollgate.test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.tollgate.TollgateApplication;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Tollgate applications sharing one Redis ({@link TestRedis} or {@link TestRedisCluster}), as gateway replicas do,
 * each on free ports and with Reactor Netty resources of its own: closing a replica must not dispose the JVM's global
 * event loops, which other servers of the test run (cached test contexts, a {@link TestLambdaServer}) use.
 * {@code @RegisterExtension static TestReplicas replicas = new TestReplicas(redis, "prefix:")} closes the replicas
 * after the class, an instance field after each test.
 */
public final class TestReplicas implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private final TestRedisDeployment redis;

	private final String keyPrefix;

	private final List<Class<?>> sources = new ArrayList<>(List.of(TollgateApplication.class));

	private final List<String> arguments = new ArrayList<>();

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	private boolean perClass;

	/**
	 * @param redis the Redis the replicas share
	 * @param keyPrefix their {@code tollgate.redis.key-prefix}
	 * @param arguments further command-line arguments of every replica
	 */
	public TestReplicas(TestRedisDeployment redis, String keyPrefix, String... arguments) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.arguments.addAll(List.of(arguments));
	}

	/** Adds configuration classes to every replica. */
	public TestReplicas withSources(Class<?>... sources) {
		this.sources.addAll(List.of(sources));
		return this;
	}

	/** Starts one more replica. */
	public ConfigurableApplicationContext start() {
		String[] arguments = Stream.of(Stream.of("--server.port=0", "--management.server.port=0"),
				this.redis.arguments(this.keyPrefix).stream(), this.arguments.stream())
			.flatMap((stream) -> stream)
			.toArray(String[]::new);
		ConfigurableApplicationContext replica = new SpringApplicationBuilder(this.sources.toArray(Class<?>[]::new))
			.initializers((context) -> context.getBeanFactory().addBeanPostProcessor(new PrivateReactorResources()))
			.run(arguments);
		this.started.add(replica);
		return replica;
	}

	/** A client of a replica's gateway port. */
	public static WebClient client(ConfigurableApplicationContext replica) {
		return WebClient.create("http://127.0.0.1:" + port(replica));
	}

	/** A replica's gateway port. */
	public static int port(ConfigurableApplicationContext replica) {
		return ((WebServerApplicationContext) replica).getWebServer().getPort();
	}

	/** Closes every replica started so far. */
	public void close() {
		for (ConfigurableApplicationContext replica : this.started) {
			replica.close();
		}
		this.started.clear();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		// Only a static field's extension sees beforeAll: its replicas live as long as the class.
		this.perClass = true;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (!this.perClass) {
			close();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		close();
	}

	private static final class PrivateReactorResources implements BeanPostProcessor {

		@Override
		public Object postProcessBeforeInitialization(Object bean, String name) {
			if (bean instanceof ReactorResourceFactory factory) {
				factory.setUseGlobalResources(false);
			}
			return bean;
		}

	}

}
