package io.tollgate.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

	private final List<ReplicaProcess> processes = new ArrayList<>();

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

	/**
	 * Starts one more replica in a process of its own, for tests of a replica that dies without cleaning up
	 * ({@link ReplicaProcess#kill()}); waits until its gateway port accepts connections.
	 */
	public ReplicaProcess startProcess() {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				TollgateApplication.class.getName(), "--server.port=" + port, "--management.server.port=0"));
		command.addAll(this.redis.arguments(this.keyPrefix));
		command.addAll(this.arguments);
		try {
			Path log = Files.createTempFile("replica-", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			ReplicaProcess replica = new ReplicaProcess(process, port, log);
			this.processes.add(replica);
			replica.awaitPort(Duration.ofSeconds(60));
			return replica;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A replica running in a process of its own. */
	public static final class ReplicaProcess {

		private final Process process;

		private final int port;

		private final Path log;

		ReplicaProcess(Process process, int port, Path log) {
			this.process = process;
			this.port = port;
			this.log = log;
		}

		public int port() {
			return this.port;
		}

		/** Kills the process at once (SIGKILL): it cleans nothing up, as a crashed replica would not. */
		public void kill() {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		void awaitPort(Duration timeout) throws IOException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("Replica exited: " + Files.readString(this.log));
				}
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
					return;
				}
				catch (IOException ex) {
					try {
						Thread.sleep(100);
					}
					catch (InterruptedException interrupted) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(interrupted);
					}
				}
			}
			kill();
			throw new IllegalStateException("Replica did not listen on " + this.port + ": " + Files.readString(this.log));
		}

	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
		this.processes.forEach(ReplicaProcess::kill);
		this.processes.clear();
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
